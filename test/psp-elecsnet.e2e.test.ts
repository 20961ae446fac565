import { ELECSNET_SAMPLES, testKeyPairs } from '../psp/elecsnet/fixtures/samples';
import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { FIRED_DRIVER, LOOPBACK, oversized, seedParkDrivers, transactionsOf } from './support/psp-terminals';

// Elecsnet (psp/elecsnet/README.md) end to end: RSA-signed both ways, only through the simulator over real HTTP.
const sim = getSimulator('elecsnet')!;
const { credentials, simKeys } = testKeyPairs();
const stranger = testKeyPairs().simKeys;
let h: Harness;
let parkId: string;
let walletId: string;
let link: string;
let seq = Date.now() % 1_000_000_000;
const args = (over: Partial<SimArgs> = {}): SimArgs => ({
  account: 'DRV-EL-1',
  amount: '150.75',
  txnId: String(++seq),
  extra: {},
  ...over,
});
const call = (operation: string, a: SimArgs, k: SimKeys = simKeys) => simulate(sim, link, operation, a, k);

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  ({ walletId, linkUrl: link } = await walletWithLink(
    h,
    parkId,
    'elecsnet',
    'RUB',
    { ipAllowList: LOOPBACK },
    credentials,
  ));
  await seedParkDrivers(h, parkId, ['DRV-EL-1']);
});
afterAll(() => h?.close());

it('check: a signed 00 for a driver of the park, 48 for an unknown one, nothing recorded', async () => {
  const known = await call('check', args());
  expect(known.answer.status).toBe(200);
  expect(known.result).toMatchObject({ ok: true, code: '00', signatureValid: true });
  expect(known.answer.body.startsWith(`${ELECSNET_SAMPLES.check.answer}&signature=`)).toBe(true);
  expect((await call('check', args({ account: 'NOBODY' }))).result).toMatchObject({ code: '48', signatureValid: true });
  expect(await transactionsOf(h, walletId)).toHaveLength(0);
});

it('pay: 00, one credit of exactly 15075 kopecks; repeats get 01, identically, and no second credit', async () => {
  const a = args();
  const first = await call('pay', a);
  expect(first.result).toMatchObject({ code: '00', signatureValid: true });
  const [row] = await eventually(
    () => transactionsOf(h, walletId, a.txnId),
    (rows) => rows[0]?.state === 'processed',
  );
  expect(row!.amountMinor).toBe(15075n);
  const repeats = await Promise.all([call('pay', a), call('pay', a)]);
  expect(repeats.map((r) => r.result.code)).toEqual(['01', '01']);
  expect(repeats[1]!.answer.body).toBe(repeats[0]!.answer.body);
  expect(repeats[0]!.result.signatureValid).toBe(true);
  expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(1);
  await expectLedger(h, parkId, 'DRV-EL-1', { credits: 1, records: 1, reversals: 0, balance: 15075n });
});

it('a fired driver: a signed 62 at check and at pay, nothing recorded', async () => {
  const a = args({ account: FIRED_DRIVER });
  expect((await call('check', a)).result).toMatchObject({ ok: false, code: '62', signatureValid: true });
  expect((await call('pay', a)).result).toMatchObject({ ok: false, code: '62', signatureValid: true });
  expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(0);
  await expectLedger(h, parkId, FIRED_DRIVER, { credits: 0, records: 0, reversals: 0, balance: 0n });
});

describe('refusals: the Elecsnet envelope, never a 5xx, nothing recorded', () => {
  it.each([
    ['signed by another key', 403, '62', 'pay', {}, stranger],
    ['unknown type', 200, '62', 'pay', { extra: { type: '9' } }, simKeys],
    ['missing auth_code', 200, '62', 'pay', { extra: { auth_code: '' } }, simKeys],
    ['amount in rubles', 200, '62', 'pay', { extra: { amount: '150.75' } }, simKeys],
    ['another currency', 200, '62', 'pay', { extra: { currency: '840' } }, simKeys],
    ['malformed account', 200, '48', 'pay', { account: 'DRV 1' }, simKeys],
    ['unknown driver', 200, '48', 'pay', { account: 'NOBODY' }, simKeys],
  ] as const)('%s → HTTP %d, ans_code %s, our answer signed', async (_name, status, code, operation, over, k) => {
    const a = args(over as Partial<SimArgs>);
    const res = await call(operation, a, k);
    expect(res.answer.status).toBe(status);
    expect(res.result.code).toBe(code);
    expect(sim.read(operation, res.answer, simKeys).signatureValid).toBe(true);
    expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(0);
  });

  it('the same auth_code for another payment → 62, the first one untouched', async () => {
    const a = args({ amount: '5.00' });
    expect((await call('pay', a)).result.code).toBe('00');
    expect((await call('pay', { ...a, amount: '6.00' })).result.code).toBe('62');
    expect((await transactionsOf(h, walletId, a.txnId)).map((r) => r.amountMinor)).toEqual([500n]);
  });

  it('an unsigned or garbled body → 403, 62', async () => {
    const request = sim.build('pay', args(), simKeys);
    for (const body of ['', 'garbage', request.body!.replace('&signature=', '&sig=')]) {
      const res = await fetch(link, { method: 'POST', headers: request.headers, body });
      expect(res.status).toBe(403);
      expect(sim.read('pay', { status: res.status, headers: {}, body: await res.text() }, simKeys).code).toBe('62');
    }
    expect(await transactionsOf(h, walletId, String(seq))).toHaveLength(0);
  });

  it('an oversized body → 413 in the envelope', async () => {
    const request = sim.build('pay', args(), simKeys);
    const res = await fetch(link, { method: 'POST', headers: request.headers, body: oversized(h, request.body) });
    expect(res.status).toBe(413);
    expect(sim.read('pay', { status: res.status, headers: {}, body: await res.text() }, simKeys).code).toBe('62');
  });
});
