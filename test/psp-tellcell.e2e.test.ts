import { randomUUID } from 'node:crypto';
import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { clearFaults, seedDrivers, setFaults } from '../testkit/neighbours';
import { expectLedger } from './support/ledger';
import { FIRED_DRIVER, LOOPBACK, oversized, seedParkDrivers, transactionsOf } from './support/psp-terminals';

// Telcell terminals (psp/tellcell/README.md) end to end, optional JWT on, only through the simulator over real HTTP.
const sim = getSimulator('tellcell')!;
const keys: SimKeys = { jwtSecret: randomUUID() };
let h: Harness;
let parkId: string;
let walletId: string;
let link: string;
let seq = Date.now() % 1_000_000_000;
const args = (over: Partial<SimArgs> = {}): SimArgs => ({
  account: 'DRV-TC-1',
  amount: '1000.00',
  txnId: String(++seq),
  extra: {},
  ...over,
});
const call = (operation: string, a: SimArgs, k: SimKeys = keys) => simulate(sim, link, operation, a, k);

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  ({ walletId, linkUrl: link } = await walletWithLink(h, parkId, 'tellcell', 'AMD', { ipAllowList: LOOPBACK }, keys));
  await seedParkDrivers(h, parkId, ['DRV-TC-1']);
  const blocked = { park_id: parkId, id: 'DRV-TC-BLOCKED', display_name: 'Blocked Driver' };
  await seedDrivers(h.driverProfilesUrl, [blocked]);
  await seedDrivers(h.billingUrl, [{ ...blocked, blocked: true }]);
});
afterAll(() => h?.close());

it('check: 0 for a driver of the park, 404 for an unknown one, nothing recorded', async () => {
  const known = await call('check', args());
  expect([known.answer.status, known.result.code]).toEqual([200, '0']);
  expect((await call('check', args({ account: 'NOBODY' }))).result.code).toBe('404');
  expect(await transactionsOf(h, walletId)).toHaveLength(0);
});

it('payment: 0 with our authcode, one credit of exactly 1000.00 AMD; repeats get the same answer; status reports it', async () => {
  const a = args();
  const first = await call('payment', a);
  expect(first.result).toMatchObject({ ok: true, code: '0' });
  const [row] = await eventually(
    () => transactionsOf(h, walletId, a.txnId),
    (rows) => rows[0]?.state === 'processed',
  );
  expect(first.result.prvTxn).toBe(row!.id.toString());
  const repeats = await Promise.all([call('payment', a), call('payment', a)]);
  for (const repeat of repeats) expect(repeat.answer.body).toBe(first.answer.body);
  expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(1);
  await expectLedger(h, parkId, 'DRV-TC-1', { credits: 1, records: 1, reversals: 0, balance: 100000n });

  const status = await call('status', a);
  expect(status.result).toMatchObject({ ok: true, code: '200', prvTxn: row!.id.toString() });
  expect((status.result.parsed as { date: string }).date).toBe(row!.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  expect((await call('status', args())).result).toMatchObject({ ok: false, code: '404' });
});

it('a fired driver: 403 at check and at payment, nothing recorded', async () => {
  const a = args({ account: FIRED_DRIVER });
  expect((await call('check', a)).result).toMatchObject({ ok: false, code: '403' });
  expect((await call('payment', a)).result).toMatchObject({ ok: false, code: '403' });
  expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(0);
  await expectLedger(h, parkId, FIRED_DRIVER, { credits: 0, records: 0, reversals: 0, balance: 0n });
});

it('status follows the payment: 202 while billing is down, 200 once credited, 410 when billing refuses it', async () => {
  const a = args({ amount: '7.00' });
  await setFaults(h.billingUrl, { status: 503, times: 1000, paths: ['/v1/credits'] });
  try {
    expect((await call('payment', a)).result.code).toBe('0');
    expect((await call('status', a)).result).toMatchObject({ ok: true, code: '202' });
  } finally {
    await clearFaults(h.billingUrl);
  }
  await eventually(
    () => transactionsOf(h, walletId, a.txnId),
    (rows) => rows[0]?.state === 'processed',
  );
  expect((await call('status', a)).result.code).toBe('200');

  const refused = args({ account: 'DRV-TC-BLOCKED', amount: '2.00' });
  // Billing's account read down: the gateway cannot refuse the blocked driver up front, so billing refuses the credit.
  await setFaults(h.billingUrl, { status: 503, paths: ['/v1/accounts'] });
  try {
    expect((await call('payment', refused)).result.code).toBe('0');
  } finally {
    await clearFaults(h.billingUrl);
  }
  await eventually(
    () => transactionsOf(h, walletId, refused.txnId),
    (rows) => rows[0]?.state === 'rejected',
  );
  expect((await call('status', refused)).result).toMatchObject({ ok: true, code: '410' });
});

describe('refusals: the Telcell envelope in HTTP 200, nothing recorded', () => {
  it.each([
    ['no JWT', '403', 'payment', {}, {}],
    ['JWT with another secret', '403', 'payment', {}, { jwtSecret: 'guess' }],
    ['expired JWT', '403', 'payment', { date: new Date(Date.now() - 3_600_000) }, keys],
    ['unknown action', '400', 'check', { extra: { action: 'rate' } }, keys],
    ['missing id', '400', 'payment', { extra: { id: '' } }, keys],
    ['comma decimal', '400', 'payment', { amount: '1000,00' }, keys],
    ['negative', '400', 'payment', { amount: '-1.00' }, keys],
    ['unknown driver', '404', 'payment', { account: 'NOBODY' }, keys],
  ] as const)('%s → code %s', async (_name, code, operation, over, k) => {
    const a = args(over as Partial<SimArgs>);
    const res = await call(operation, a, k as SimKeys);
    expect(res.answer.status).toBe(200);
    expect(res.result).toMatchObject({ ok: false, code });
    expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(0);
  });

  it('the same id for another payment → 409, the first one untouched', async () => {
    const a = args({ amount: '5.00' });
    expect((await call('payment', a)).result.code).toBe('0');
    expect((await call('payment', { ...a, amount: '6.00' })).result.code).toBe('409');
    const rows = await transactionsOf(h, walletId, a.txnId);
    expect(rows.map((r) => r.amountMinor)).toEqual([500n]);
  });

  it('an oversized body → 413 in the envelope', async () => {
    const request = sim.build('payment', args(), keys);
    const res = await fetch(`${link}${request.suffix}`, {
      method: 'POST',
      headers: request.headers,
      body: oversized(h),
    });
    expect(res.status).toBe(413);
    expect(sim.read('payment', { status: res.status, headers: {}, body: await res.text() }, keys).code).toBe('400');
  });
});
