import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { seedDrivers } from '../testkit/neighbours';

// Idram's Merchant Interface end to end, driven only through the Idram simulator over real HTTP.
let h: Harness;
let parkId: string;
const sim = getSimulator('idram')!;
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
const REC_ACCOUNT = '110000601';
const keys: SimKeys = { recAccount: REC_ACCOUNT, secretKey: `test-secret-${Date.now()}` };
let txnSeq = Date.now() % 1e13;
const args = (over: Partial<SimArgs> = {}): SimArgs => ({
  account: 'DRV000123',
  amount: '5000.50',
  txnId: String(++txnSeq).padStart(14, '0'),
  extra: {},
  ...over,
});

async function idramWallet(
  settings: Record<string, unknown>,
  credentials: Record<string, string> = { secretKey: keys.secretKey! },
) {
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'idram',
    name: 'Idram',
    currency: 'AMD',
    settings: { recAccount: REC_ACCOUNT, ...settings },
    credentials,
  });
  if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status} ${JSON.stringify(wallet.body)}`);
  const link = await h.api('POST', `/v1/parks/${parkId}/wallets/${wallet.body.id}/link`);
  return {
    walletId: wallet.body.id as string,
    linkUrl: (link.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl),
  };
}

let link: string;
let walletId: string;
const transactionsOf = (pspTxnId: string, wallet = walletId) =>
  h.sys.db.transaction.findMany({ where: { parkId, walletId: wallet, pspTxnId } });

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  ({ linkUrl: link, walletId } = await idramWallet({ ipAllowList: LOOPBACK }));
  const drivers = ['DRV000123', 'DRV000124', 'DRV000125'].map((id) => ({ park_id: parkId, id, display_name: id }));
  const fired = { park_id: parkId, id: 'DRVFIRED', display_name: 'Fired Driver' };
  await seedDrivers(h.driverProfilesUrl, [...drivers, { ...fired, status: 'fired' }]);
  await seedDrivers(h.billingUrl, [...drivers, fired]);
});
afterAll(() => h?.close());

async function refusedWithoutTransaction(a: SimArgs, text: string, k: SimKeys = keys, url = link, wallet = walletId) {
  const res = await simulate(sim, url, 'payment', a, k);
  expect(res.answer.status).toBe(200);
  expect(res.answer.headers['content-type']).toMatch(/^text\/plain/);
  expect(res.result).toMatchObject({ ok: false, code: text });
  expect(await transactionsOf(a.txnId, wallet)).toHaveLength(0);
}

describe('precheck', () => {
  it('answers OK for a driver of the park, refuses an unknown one, and creates nothing', async () => {
    const known = await simulate(sim, link, 'precheck', args({ account: 'DRV000123-n0nce' }), keys);
    expect(known.answer).toMatchObject({ status: 200, body: 'OK' });
    const unknown = await simulate(sim, link, 'precheck', args({ account: 'NOBODY' }), keys);
    expect(unknown.result).toMatchObject({ ok: false, code: 'Driver not found' });
    expect(await h.sys.db.transaction.count({ where: { walletId } })).toBe(0);
  });

  it('refuses a fired driver', async () => {
    // Idram appends "-nonce" to the account: the driver id itself has no hyphen.
    const fired = await simulate(sim, link, 'precheck', args({ account: 'DRVFIRED' }), keys);
    expect(fired.result).toMatchObject({ ok: false, code: 'Payment forbidden' });
  });
});

describe('payment confirmation', () => {
  it('credits exactly 5000.50 AMD once; the repeat gets the same OK and no second credit', async () => {
    const a = args({ account: 'DRV000124-7f3a' });
    const first = await simulate(sim, link, 'payment', a, keys);
    expect(first.answer).toMatchObject({ status: 200, body: 'OK' });
    const [row] = await eventually(
      () => transactionsOf(a.txnId),
      (rows) => rows[0]?.state === 'processed',
    );
    expect(row).toMatchObject({ driverId: 'DRV000124', amountMinor: 500050n, currency: 'AMD' });
    const again = await simulate(sim, link, 'payment', a, keys);
    expect(again.answer.body).toBe(first.answer.body);
    expect(await transactionsOf(a.txnId)).toHaveLength(1);
    await expectLedger(h, parkId, 'DRV000124', { credits: 1, records: 1, reversals: 0, balance: 500050n });
  });

  it('refuses reuse of EDP_TRANS_ID for another amount, keeping the one transaction', async () => {
    const a = args({ account: 'DRV000125', amount: '100.00' });
    expect((await simulate(sim, link, 'payment', a, keys)).result.ok).toBe(true);
    const other = await simulate(sim, link, 'payment', { ...a, amount: '200.00' }, keys);
    expect(other.result).toMatchObject({ ok: false, code: 'EDP_TRANS_ID already used for another payment' });
    expect(await transactionsOf(a.txnId)).toHaveLength(1);
  });

  it('an unknown driver is refused with nothing recorded', async () => {
    await refusedWithoutTransaction(args({ account: 'NOBODY' }), 'Driver not found');
  });

  it('a fired driver is refused with nothing recorded', async () => {
    await refusedWithoutTransaction(args({ account: 'DRVFIRED' }), 'Payment forbidden');
    await expectLedger(h, parkId, 'DRVFIRED', { credits: 0, records: 0, reversals: 0, balance: 0n });
  });
});

describe('refusals, each in plain text with no transaction', () => {
  it('a forged checksum or another secret key', async () => {
    await refusedWithoutTransaction(args({ extra: { EDP_CHECKSUM: '0'.repeat(32) } }), 'EDP_CHECKSUM not correct');
    await refusedWithoutTransaction(args(), 'EDP_CHECKSUM not correct', { ...keys, secretKey: 'guessed' });
  });

  it('a payment to another merchant account', async () => {
    await refusedWithoutTransaction(args(), 'Payment forbidden', { ...keys, recAccount: '110000999' });
  });

  it('a malformed form and a malformed amount', async () => {
    await refusedWithoutTransaction(args({ extra: { EDP_PRECHECK: 'MAYBE' } }), 'Bad request');
    await refusedWithoutTransaction(args({ amount: '5000,50' }), 'Incorrect EDP_AMOUNT');
    await refusedWithoutTransaction(args({ amount: '50.001' }), 'Incorrect EDP_AMOUNT');
    await refusedWithoutTransaction(args({ amount: '0.00' }), 'EDP_AMOUNT below minimum');
  });

  it('an oversized body gets 413 in plain text', async () => {
    const a = args({ extra: { EDP_X: 'x'.repeat(h.config.MAX_BODY_BYTES) } });
    const res = await simulate(sim, link, 'payment', a, keys);
    expect(res.answer.status).toBe(413);
    expect(res.result).toMatchObject({ ok: false, code: 'Request too large' });
    expect(await transactionsOf(a.txnId)).toHaveLength(0);
  });

  it('a wallet with no allow-list admits nobody; one without a secret key confirms nothing', async () => {
    const fenced = await idramWallet({});
    await refusedWithoutTransaction(args(), 'Payment forbidden', keys, fenced.linkUrl, fenced.walletId);
    const keyless = await idramWallet({ ipAllowList: LOOPBACK }, {});
    await refusedWithoutTransaction(args(), 'Payment forbidden', keys, keyless.linkUrl, keyless.walletId);
  });
});
