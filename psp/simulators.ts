import type { PspCode } from '../domain/psp-codes';
import type { PspSimulator, SimAnswer, SimArgs, SimKeys, SimRequest, SimResult } from './simulator';
import { city24Adapter } from './city24';
import { easypaySimulator } from './easypay/simulator';
import { elecsnetSimulator } from './elecsnet/simulator';
import { idramSimulator } from './idram/simulator';
import { mobilnikSimulator } from './mobilnik/simulator';
import { osmpSimulator } from './osmp/simulator';
import { paystackSimulator } from './paystack/simulator';
import { qiwiSimulator } from './qiwi/simulator';
import { qiwiMdAdapter } from './qiwi_md';
import { qiwiQvpAdapter } from './qiwi_qvp';
import { tbcSimulator } from './tbc/simulator';
import { tellcellSimulator } from './tellcell/simulator';
import { paynetSimulator } from './uzpaynet/simulator';

/** One line per PSP, like the adapter registry. */
const SIMULATORS = new Map<PspCode, PspSimulator>([
  ['qiwi_qvp', osmpSimulator(qiwiQvpAdapter.config)],
  ['qiwi_md', osmpSimulator(qiwiMdAdapter.config)],
  ['city24', osmpSimulator(city24Adapter.config)],
  ['mobilnik', mobilnikSimulator],
  ['easypay', easypaySimulator()],
  ['paystack', paystackSimulator],
  ['qiwi', qiwiSimulator],
  ['elecsnet', elecsnetSimulator],
  ['tbc', tbcSimulator],
  ['tellcell', tellcellSimulator],
  ['idram', idramSimulator],
  ['uzpaynet', paynetSimulator],
]);

export function getSimulator(code: PspCode): PspSimulator | undefined {
  return SIMULATORS.get(code);
}

export const simulatedPsps = (): PspCode[] => [...SIMULATORS.keys()];

/** Sends one simulated call to a callback link over real HTTP and reads the answer the PSP's way. */
export async function simulate(
  sim: PspSimulator,
  linkUrl: string,
  operation: string,
  args: SimArgs,
  keys: SimKeys,
): Promise<{ request: SimRequest; answer: SimAnswer; result: SimResult }> {
  const request = sim.build(operation, args, keys);
  const res = await fetch(`${linkUrl}${request.suffix}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const answer: SimAnswer = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  return { request, answer, result: sim.read(operation, answer, keys) };
}
