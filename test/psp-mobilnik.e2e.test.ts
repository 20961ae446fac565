import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { seedDrivers } from '../testkit/neighbours';

// Mobilnik's two channels end to end, driven only through the Mobilnik simulator over real HTTP.
let h: Harness;
let parkId: string;
const sim = getSimulator('mobilnik')!;
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
const keys: SimKeys = { sellerSecret: `seller-secret-${Date.now()}`, sellerId: 'seller-1' };
let txnSeq = Date.now() % 1e12;
const args = (over: Partial<SimArgs> = {}): SimArgs => ({
  account: 'DRV000123',
  amount: '25.50',
  txnId: String(++txnSeq),
  extra: {},
  ...over,
});

async function mobilnikWallet(settings: Record<string, unknown>, credentials?: Record<string, string>) {
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'mobilnik',
    name: 'Mobilnik',
    currency: 'KGS',
    settings,
    credentials,
  });
  if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status} ${JSON.stringify(wallet.body)}`);
  const link = await h.api('POST', `/v1/parks/${parkId}/wallets/${wallet.body.id}/link`);
  return {
    walletId: wallet.body.id as string,
    linkUrl: (link.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl),
  };
}

let web: { walletId: string; linkUrl: string };
let terminal: { walletId: string; linkUrl: string };
const transactionsOf = (pspTxnId: string, walletId = web.walletId) =>
  h.sys.db.transaction.findMany({ where: { parkId, walletId, pspTxnId } });

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  web = await mobilnikWallet(
    { channel: 'web', sellerId: 'seller-1', ipAllowList: LOOPBACK },
    { sellerSecret: keys.sellerSecret! },
  );
  terminal = await mobilnikWallet({ ipAllowList: LOOPBACK });
  const drivers = ['DRV000123', 'DRV000124', 'DRV000125', 'DRV000126'].map((id) => ({
    park_id: parkId,
    id,
    display_name: id,
  }));
  const fired = { park_id: parkId, id: 'DRV-FIRED', display_name: 'Fired Driver' };
  await seedDrivers(h.driverProfilesUrl, [...drivers, { ...fired, status: 'fired' }]);
  await seedDrivers(h.billingUrl, [...drivers, fired]);
});
afterAll(() => h?.close());

describe('terminal channel (the default): OSMP', () => {
  it('checks a driver and credits a payment once, the repeat with the same prv_txn', async () => {
    expect((await simulate(sim, terminal.linkUrl, 'terminal-check', args(), {})).result).toMatchObject({
      ok: true,
      code: '0',
    });
    expect(
      (await simulate(sim, terminal.linkUrl, 'terminal-check', args({ account: 'NOBODY' }), {})).result,
    ).toMatchObject({ ok: false, code: '5' });
    const a = args({ account: 'DRV000126', amount: '12.34' });
    const first = await simulate(sim, terminal.linkUrl, 'terminal-pay', a, {});
    const again = await simulate(sim, terminal.linkUrl, 'terminal-pay-post', a, {});
    expect(first.result).toMatchObject({ ok: true, code: '0' });
    expect(again.result.prvTxn).toBe(first.result.prvTxn);
    await eventually(
      () => transactionsOf(a.txnId, terminal.walletId),
      (rows) => rows[0]?.state === 'processed',
    );
    await expectLedger(h, parkId, 'DRV000126', { credits: 1, records: 1, reversals: 0, balance: 1234n });
  });

  it('a fired driver: 7 at check and at pay, nothing recorded', async () => {
    const a = args({ account: 'DRV-FIRED' });
    expect((await simulate(sim, terminal.linkUrl, 'terminal-check', a, {})).result).toMatchObject({
      ok: false,
      code: '7',
    });
    expect((await simulate(sim, terminal.linkUrl, 'terminal-pay', a, {})).result).toMatchObject({
      ok: false,
      code: '7',
    });
    expect(await transactionsOf(a.txnId, terminal.walletId)).toHaveLength(0);
    await expectLedger(h, parkId, 'DRV-FIRED', { credits: 0, records: 0, reversals: 0, balance: 0n });
  });

  it('a postback to a terminal wallet is refused in the OSMP envelope', async () => {
    const res = await simulate(sim, terminal.linkUrl, 'web-postback', args(), keys);
    expect(res.answer.status).toBe(200);
    expect(res.answer.body).toContain('<result>300</result>');
  });
});

describe('web channel: the acquiring JWT postback', () => {
  it('credits exactly 25.50 KGS once, answered with the orderId; the repeat gets the same answer', async () => {
    const a = args({ account: 'DRV000124' });
    const first = await simulate(sim, web.linkUrl, 'web-postback', a, keys);
    expect(first.answer).toMatchObject({ status: 200, body: a.txnId });
    expect(first.result.ok).toBe(true);
    const [row] = await eventually(
      () => transactionsOf(a.txnId),
      (rows) => rows[0]?.state === 'processed',
    );
    expect(row).toMatchObject({ driverId: 'DRV000124', amountMinor: 2550n, currency: 'KGS' });
    const again = await simulate(sim, web.linkUrl, 'web-postback', a, keys);
    expect(again.answer).toMatchObject({ status: 200, body: a.txnId });
    expect(await transactionsOf(a.txnId)).toHaveLength(1);
    await expectLedger(h, parkId, 'DRV000124', { credits: 1, records: 1, reversals: 0, balance: 2550n });
  });

  it('refuses reuse of an orderId for another amount, keeping the one transaction', async () => {
    const a = args({ account: 'DRV000125', amount: '10.00' });
    expect((await simulate(sim, web.linkUrl, 'web-postback', a, keys)).result.ok).toBe(true);
    const other = await simulate(sim, web.linkUrl, 'web-postback', { ...a, amount: '20.00' }, keys);
    expect(other.answer).toMatchObject({ status: 409, body: 'refused: Order id reused with other data' });
    expect(await transactionsOf(a.txnId)).toHaveLength(1);
  });

  it.each<[string, Partial<SimArgs>, SimKeys | undefined, number, string]>([
    ['another seller secret', {}, { ...keys, sellerSecret: 'guessed' }, 401, 'Invalid token'],
    ['another issuer', {}, { ...keys, sellerId: 'seller-2' }, 401, 'Invalid token'],
    ['an expired token', { extra: { expiresIn: '-3600' } }, undefined, 401, 'Invalid token'],
    ['another audience', { extra: { aud: 'mobilnik.ru' } }, undefined, 401, 'Invalid token'],
    ['an unsigned token', { extra: { alg: 'none' } }, undefined, 400, 'Bad request'],
    ['a body that is no JWT', { extra: { body: '{"orderId":"1"}' } }, undefined, 400, 'Bad request'],
    ['a malformed amount', { amount: '25,50' }, undefined, 400, 'Invalid amount'],
    ['an amount with three decimals', { amount: '25.505' }, undefined, 400, 'Invalid amount'],
    ['an unknown driver', { account: 'NOBODY' }, undefined, 400, 'Driver not found'],
    ['a fired driver', { account: 'DRV-FIRED' }, undefined, 403, 'Payment forbidden'],
    ['a test payment', { extra: { test: 'true' } }, undefined, 403, 'Payment forbidden'],
  ])('%s is refused, never with the orderId, and records nothing', async (_why, over, k, status, text) => {
    const a = args(over);
    const res = await simulate(sim, web.linkUrl, 'web-postback', a, k ?? keys);
    expect(res.answer).toMatchObject({ status, body: `refused: ${text}` });
    expect(res.result.ok).toBe(false);
    expect(await transactionsOf(a.txnId)).toHaveLength(0);
  });

  it('an oversized body gets 413', async () => {
    const res = await simulate(
      sim,
      web.linkUrl,
      'web-postback',
      args({ extra: { body: 'x'.repeat(h.config.MAX_BODY_BYTES + 1) } }),
      keys,
    );
    expect(res.answer).toMatchObject({ status: 413, body: 'refused: Request too large' });
  });

  it('a web wallet without an allow-list or without its secret admits nothing', async () => {
    const fenced = await mobilnikWallet({ channel: 'web' }, { sellerSecret: keys.sellerSecret! });
    const keyless = await mobilnikWallet({ channel: 'web', ipAllowList: LOOPBACK });
    for (const wallet of [fenced, keyless]) {
      const a = args();
      expect((await simulate(sim, wallet.linkUrl, 'web-postback', a, keys)).answer).toMatchObject({
        status: 403,
        body: 'refused: Payment forbidden',
      });
      expect(await transactionsOf(a.txnId, wallet.walletId)).toHaveLength(0);
    }
  });
});
