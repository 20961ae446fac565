import { randomUUID } from 'node:crypto';
import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { FIRED_DRIVER, LOOPBACK, oversized, seedParkDrivers, transactionsOf } from './support/psp-terminals';

// TBC Pay (psp/tbc/README.md) end to end, driven only through its simulator over real HTTP.
const sim = getSimulator('tbc')!;
const keys: SimKeys = { username: 'tbc-park', password: `pw:${randomUUID()}` };
let h: Harness;
let parkId: string;
let walletId: string;
let link: string;
let seq = Date.now() % 1_000_000_000;
const args = (over: Partial<SimArgs> = {}): SimArgs => ({
  account: 'DRV-TBC-1',
  amount: '20.45',
  txnId: String(++seq),
  extra: {},
  ...over,
});
const call = (operation: string, a: SimArgs, k: SimKeys = keys, url = link) => simulate(sim, url, operation, a, k);

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  ({ walletId, linkUrl: link } = await walletWithLink(h, parkId, 'tbc', 'GEL', { ipAllowList: LOOPBACK }, keys));
  await seedParkDrivers(h, parkId, ['DRV-TBC-1', 'DRV-TBC-2']);
});
afterAll(() => h?.close());

it('check: 0 for a driver of the park, 5 for an unknown one, nothing recorded', async () => {
  const known = await call('check', args());
  expect(known.answer.status).toBe(200);
  expect(known.answer.headers['content-type']).toMatch(/^application\/xml/);
  expect(known.result).toMatchObject({ ok: true, code: '0' });
  expect((await call('check', args({ account: 'NOBODY' }))).result.code).toBe('5');
  expect(await transactionsOf(h, walletId)).toHaveLength(0);
});

it('pay: 0, one credit of exactly 20.45 GEL; identical repeats get the identical answer and no second credit', async () => {
  const a = args();
  const first = await call('pay', a);
  expect(first.result).toMatchObject({ ok: true, code: '0' });
  const [row] = await eventually(
    () => transactionsOf(h, walletId, a.txnId),
    (rows) => rows[0]?.state === 'processed',
  );
  expect(row!.amountMinor).toBe(2045n);
  const repeats = await Promise.all([call('pay', a), call('pay', a)]);
  for (const repeat of repeats) expect(repeat.answer).toEqual({ ...first.answer, headers: expect.anything() });
  expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(1);
  await expectLedger(h, parkId, 'DRV-TBC-1', { credits: 1, records: 1, reversals: 0, balance: 2045n });
});

it('a fired driver: 7 at check and at pay, nothing recorded', async () => {
  const a = args({ account: FIRED_DRIVER });
  expect((await call('check', a)).result).toMatchObject({ ok: false, code: '7' });
  expect((await call('pay', a)).result).toMatchObject({ ok: false, code: '7' });
  expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(0);
  await expectLedger(h, parkId, FIRED_DRIVER, { credits: 0, records: 0, reversals: 0, balance: 0n });
});

it('a wallet that chose 215 answers a repeat with 215, still one credit; the same txn_id with another sum is 215 too', async () => {
  const strict = await walletWithLink(h, parkId, 'tbc', 'GEL', { ipAllowList: LOOPBACK, duplicateResult: 215 }, keys);
  const a = args({ account: 'DRV-TBC-2', amount: '3.00' });
  expect((await call('pay', a, keys, strict.linkUrl)).result.code).toBe('0');
  expect((await call('pay', a, keys, strict.linkUrl)).result.code).toBe('215');
  expect((await call('pay', { ...a, amount: '4.00' }, keys, strict.linkUrl)).result.code).toBe('215');
  await eventually(
    () => transactionsOf(h, strict.walletId, a.txnId),
    (rows) => rows[0]?.state === 'processed',
  );
  expect(await transactionsOf(h, strict.walletId)).toHaveLength(1);
  await expectLedger(h, parkId, 'DRV-TBC-2', { credits: 1, records: 1, reversals: 0, balance: 300n });
});

describe('refusals: the TBC envelope, never a 5xx, nothing recorded', () => {
  it.each([
    ['wrong password', 401, '7', 'pay', {}, { ...keys, password: 'guess' }],
    ['no credentials', 401, '7', 'check', {}, {}],
    ['unknown command', 200, '300', 'check', { extra: { command: 'launch' } }, keys],
    ['missing txn_id', 200, '300', 'pay', { extra: { txn_id: '' } }, keys],
    ['malformed account', 200, '4', 'pay', { account: 'DRV 1;DROP' }, keys],
    ['comma decimal', 200, '275', 'pay', { amount: '20,45' }, keys],
    ['too many decimals', 200, '275', 'pay', { amount: '20.455' }, keys],
    ['zero', 200, '275', 'pay', { amount: '0.00' }, keys],
    ['unknown driver', 200, '5', 'pay', { account: 'NOBODY' }, keys],
  ] as const)('%s → HTTP %d, result %s', async (_name, status, code, operation, over, k) => {
    const a = args(over as Partial<SimArgs>);
    const res = await call(operation, a, k as SimKeys);
    expect(res.answer.status).toBe(status);
    expect(res.result).toMatchObject({ ok: false, code });
    expect(await transactionsOf(h, walletId, a.txnId)).toHaveLength(0);
  });

  it('an oversized body → 413 in the envelope', async () => {
    const request = sim.build('pay', args(), keys);
    const res = await fetch(`${link}${request.suffix}`, {
      method: 'POST',
      headers: request.headers,
      body: oversized(h),
    });
    expect(res.status).toBe(413);
    expect(sim.read('pay', { status: res.status, headers: {}, body: await res.text() }, keys).code).toBe('300');
  });

  it('a caller outside the allow-list → 403, result 7', async () => {
    const fenced = await walletWithLink(h, parkId, 'tbc', 'GEL', { ipAllowList: ['192.0.2.0/24'] }, keys);
    const res = await call('pay', args(), keys, fenced.linkUrl);
    expect([res.answer.status, res.result.code]).toEqual([403, '7']);
    expect(await transactionsOf(h, fenced.walletId)).toHaveLength(0);
  });
});
