import { payAccepted } from './fixtures';
import type { PspManifest } from './manifest';
import { MANIFESTS } from './manifests';
import { createPspRegistry } from './registry';
import type { SimRequest } from './simulator';
import { DUMMY_CODE, dummy } from './testing/dummy-psp';
import { qiwiQvp } from './qiwi_qvp';
import type { Outcome, PspCommand, PspRequest, WalletContext } from './types';

// docs/adding-a-psp.md in a test: a 13th PSP is its own folder plus one line in the list, nothing else.
const registry = createPspRegistry([...MANIFESTS, dummy]);
const wallet: WalletContext = { id: 'w', parkId: 'p', psp: DUMMY_CODE, currency: 'RUB', settings: {}, credentials: {} };

/** The simulator's request as the gateway hands it to the adapter (the link secret masked, as the gateway does). */
function asReceived(request: SimRequest): PspRequest {
  const url = `/psp/${DUMMY_CODE}/***${request.suffix}`;
  return {
    method: request.method,
    url,
    query: new URLSearchParams(request.suffix.replace(/^\?/, '')),
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    rawBody: Buffer.from(request.body ?? '', 'utf8'),
    clientIp: '127.0.0.1',
  };
}

/** One call through the registry: the simulator speaks, the adapter verifies, parses and renders `decide`'s outcome. */
function call(operation: string, decide: (command: PspCommand) => Outcome) {
  const simulator = registry.simulators.get(DUMMY_CODE)!;
  const adapter = registry.adapters.get(DUMMY_CODE)!;
  const req = asReceived(
    simulator.build(operation, { account: 'DRV000123', amount: '10.45', txnId: '1234567', extra: {} }, {}),
  );
  expect(adapter.verify(req, wallet)).toEqual({ ok: true });
  const parsed = adapter.parse(req, wallet);
  if (!parsed.ok) throw new Error(parsed.message);
  const answer = adapter.render(decide(parsed.command), parsed.context, req, wallet);
  return { command: parsed.command, result: simulator.read(operation, answer, {}) };
}

it('joins every registry from its one line', () => {
  expect(registry.codes).toHaveLength(MANIFESTS.length + 1);
  expect(registry.codes).toContain(DUMMY_CODE);
  expect(registry.manifests.get(DUMMY_CODE)).toBe(dummy);
  expect(registry.adapters.get(DUMMY_CODE)).toBe(dummy.adapter);
  expect(registry.simulators.get(DUMMY_CODE)).toBe(dummy.simulator);
  for (const m of MANIFESTS) expect(registry.adapters.get(m.code)).toBe(m.adapter);
});

it('answers a CHECK and a PAY through the registry', () => {
  const check = call('check', () => ({ kind: 'check_ok', driverId: 'DRV000123' }));
  expect(check.command).toEqual({ kind: 'check', account: 'DRV000123' });
  expect(check.result).toMatchObject({ ok: true, code: '0' });

  const pay = call('pay', (command) => {
    if (command.kind !== 'pay') throw new Error(`expected a pay, got ${command.kind}`);
    return payAccepted({ pspTxnId: command.pspTxnId, amountMinor: command.amountMinor, currency: 'RUB' });
  });
  expect(pay.command).toEqual({ kind: 'pay', pspTxnId: '1234567', account: 'DRV000123', amountMinor: 1045n });
  expect(pay.result).toMatchObject({ ok: true, code: '0', prvTxn: '98765' });
});

it('accepts a new wallet in its currency and refuses another', () => {
  expect(dummy.adapter.settingsProblem({ psp: DUMMY_CODE, currency: 'RUB', settings: {} })).toBeUndefined();
  expect(dummy.adapter.settingsProblem({ psp: DUMMY_CODE, currency: 'USD', settings: {} })).toMatch(/RUB/);
});

describe('a list the registry refuses at start', () => {
  it('names a PSP twice', () => {
    expect(() => createPspRegistry([...MANIFESTS, qiwiQvp])).toThrow('PSP qiwi_qvp is listed twice');
  });

  it("gives a PSP another PSP's adapter or simulator", () => {
    const borrowed: PspManifest = { ...dummy, adapter: qiwiQvp.adapter };
    expect(() => createPspRegistry([borrowed])).toThrow('PSP dummy has the adapter of qiwi_qvp');
    const mimic: PspManifest = { ...dummy, simulator: qiwiQvp.simulator };
    expect(() => createPspRegistry([mimic])).toThrow('PSP dummy has the simulator of qiwi_qvp');
  });
});
