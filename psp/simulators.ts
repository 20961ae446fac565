import type { PspCode } from '../domain/psp-codes';
import type { PspSimulator, SimAnswer, SimArgs, SimKeys, SimRequest, SimResult } from './simulator';
import { PSP_REGISTRY } from './registry';

export function getSimulator(code: PspCode): PspSimulator | undefined {
  return PSP_REGISTRY.simulators.get(code);
}

export const simulatedPsps = (): PspCode[] => [...PSP_REGISTRY.simulators.keys()];

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
