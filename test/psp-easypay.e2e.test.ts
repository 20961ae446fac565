import { generateKeyPairSync } from 'node:crypto';
import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { seedDrivers } from '../testkit/neighbours';

// Both EasyPay products end to end, driven only through the EasyPay simulator over real HTTP.
let h: Harness;
let parkId: string;
const sim = getSimulator('easypay')!;
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
const rsa = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const easysoft = rsa();
const ours = rsa();
const intruder = rsa();
const UA_KEYS: SimKeys = {
  easypayPrivateKey: easysoft.privateKey,
  providerPublicKey: ours.publicKey,
  serviceId: '1234',
};
const AM_KEYS: SimKeys = { hmacKey: 'am-shared-secret' };
const ua = { link: '', walletId: '' };
/** A second EasyPay.ua wallet of the same park: our ids quoted through its link must not reach the first one's. */
const ua2 = { link: '', walletId: '' };
const am = { link: '', walletId: '' };

let seq = Date.now();
const argsFor = (over: Partial<SimArgs> = {}): SimArgs => ({
  account: 'DRV-EP',
  amount: '25.50',
  txnId: String(++seq),
  extra: {},
  ...over,
});
const transactionsOf = (walletId: string, pspTxnId: string) =>
  h.sys.db.transaction.findMany({ where: { parkId, walletId, pspTxnId } });
const nothingCredited = { credits: 0, records: 0, reversals: 0, balance: 0n };
const settled = (walletId: string, txn: string) =>
  eventually(
    () => transactionsOf(walletId, txn),
    (rows) => rows[0]?.state !== 'accepted',
  );

async function walletWithCredentials(
  currency: string,
  settings: Record<string, unknown>,
  credentials: Record<string, string>,
) {
  const { walletId, linkUrl } = await walletWithLink(h, parkId, 'easypay', currency, settings, credentials);
  return { walletId, link: linkUrl };
}

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  const uaCredentials = { easypayPublicKey: easysoft.publicKey, providerPrivateKey: ours.privateKey };
  Object.assign(
    ua,
    await walletWithCredentials('UAH', { product: 'ua', serviceId: '1234', ipAllowList: LOOPBACK }, uaCredentials),
  );
  Object.assign(
    ua2,
    await walletWithCredentials('UAH', { product: 'ua', serviceId: '1234', ipAllowList: LOOPBACK }, uaCredentials),
  );
  Object.assign(am, await walletWithCredentials('AMD', { product: 'am', ipAllowList: LOOPBACK }, AM_KEYS));
  const drivers = ['DRV-EP', 'DRV-EP-2', 'DRV-EP-3', 'DRV-AM'].map((id) => ({
    park_id: parkId,
    id,
    display_name: 'EasyPay Driver',
  }));
  const fired = { park_id: parkId, id: 'DRV-EP-FIRED', display_name: 'Fired Driver' };
  await seedDrivers(h.driverProfilesUrl, [...drivers, { ...fired, status: 'fired' }]);
  await seedDrivers(h.billingUrl, [...drivers, fired]);
});
afterAll(() => h?.close());

describe('EasyPay.ua (EasySoft-Provider 3.1)', () => {
  const args = argsFor;
  const call = (operation: string, a: SimArgs, keys: SimKeys = UA_KEYS) => simulate(sim, ua.link, operation, a, keys);

  it('Check: a known driver is 0 with a signed answer; an unknown one a negative code, without side effects', async () => {
    const known = await call('ua-check', args());
    expect(known.answer.status).toBe(200);
    expect(known.result).toMatchObject({ ok: true, code: '0', signatureValid: true });
    expect(known.answer.body).toContain('<Account>DRV-EP</Account>');
    expect((await call('ua-check', args({ account: 'NOBODY' }))).result).toMatchObject({
      ok: false,
      code: '-40',
      signatureValid: true,
    });
  });

  it('Payment is not credited until Confirm; Confirm credits exactly once; repeats answer the same', async () => {
    const a = args();
    const paid = await call('ua-payment', a);
    expect(paid.result).toMatchObject({ ok: true, code: '0', signatureValid: true });
    const prvTxn = paid.result.prvTxn!;
    expect((await call('ua-payment', a)).answer.body).toBe(paid.answer.body);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await transactionsOf(ua.walletId, a.txnId)).map((t) => t.state)).toEqual(['accepted']);
    await expectLedger(h, parkId, 'DRV-EP', nothingCredited);

    const confirmed = await call('ua-confirm', args({ prvTxn }));
    expect(confirmed.result).toMatchObject({ ok: true, code: '0', signatureValid: true });
    expect(confirmed.answer.body).toMatch(/<OrderDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d<\/OrderDate>/);
    const [row] = await settled(ua.walletId, a.txnId);
    expect(row!.state).toBe('processed');
    expect((await call('ua-confirm', args({ prvTxn }))).answer.body).toBe(confirmed.answer.body);
    expect((await call('ua-payment', a)).result.prvTxn).toBe(prvTxn);
    await expectLedger(h, parkId, 'DRV-EP', { credits: 1, records: 1, reversals: 0, balance: 2550n });
  });

  it('Confirm and Cancel quoting another wallet’s PaymentId through this link are unknown and change nothing', async () => {
    const a = args({ account: 'DRV-EP-3', amount: '7.00' });
    const prvTxn = (await call('ua-payment', a)).result.prvTxn!;
    const throughOtherLink = (operation: string) => simulate(sim, ua2.link, operation, args({ prvTxn }), UA_KEYS);
    expect((await throughOtherLink('ua-confirm')).result).toMatchObject({ ok: false, code: '-47' });
    expect((await throughOtherLink('ua-cancel')).result).toMatchObject({ ok: false, code: '-47' });
    expect(await h.sys.transactions.byPrvTxn(parkId, ua2.walletId, prvTxn)).toBeNull();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await transactionsOf(ua.walletId, a.txnId)).toEqual([
      expect.objectContaining({ state: 'accepted', confirmedAt: null, cancelledAt: null }),
    ]);
    await expectLedger(h, parkId, 'DRV-EP-3', nothingCredited);

    // Through its own link it is confirmed and credited; a cancel through the other link still cannot reverse it.
    expect((await call('ua-confirm', args({ prvTxn }))).result).toMatchObject({ ok: true, code: '0' });
    expect((await settled(ua.walletId, a.txnId))[0]!.state).toBe('processed');
    expect((await throughOtherLink('ua-cancel')).result).toMatchObject({ ok: false, code: '-47' });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await transactionsOf(ua.walletId, a.txnId))[0]).toMatchObject({ state: 'processed', cancelledAt: null });
    await expectLedger(h, parkId, 'DRV-EP-3', { credits: 1, records: 1, reversals: 0, balance: 700n });
  });

  it('a fired driver is refused with -45 at Check and at Payment, and nothing is recorded', async () => {
    const a = args({ account: 'DRV-EP-FIRED' });
    expect((await call('ua-check', a)).result).toMatchObject({ ok: false, code: '-45', signatureValid: true });
    expect((await call('ua-payment', a)).result).toMatchObject({ ok: false, code: '-45', signatureValid: true });
    expect(await transactionsOf(ua.walletId, a.txnId)).toHaveLength(0);
    await expectLedger(h, parkId, 'DRV-EP-FIRED', nothingCredited);
  });

  it('Cancel before Confirm: never credited, the transaction ends rejected, a later Confirm is refused', async () => {
    const a = args({ account: 'DRV-EP-2', amount: '10' });
    const prvTxn = (await call('ua-payment', a)).result.prvTxn!;
    const cancelled = await call('ua-cancel', args({ prvTxn }));
    expect(cancelled.result).toMatchObject({ ok: true, code: '0', signatureValid: true });
    expect(cancelled.answer.body).toContain('<CancelDate>');
    const [row] = await settled(ua.walletId, a.txnId);
    expect(row!.state).toBe('rejected');
    expect((await call('ua-cancel', args({ prvTxn }))).answer.body).toBe(cancelled.answer.body);
    expect((await call('ua-confirm', args({ prvTxn }))).result).toMatchObject({ ok: false, code: '-49' });
    await expectLedger(h, parkId, 'DRV-EP-2', nothingCredited);
  });

  it.each([
    ['a request signed with another key', '-95', { easypayPrivateKey: intruder.privateKey }, {}],
    ['a malformed body', '-52', {}, { body: '<Request><Payment>' }],
    ['a comma amount', '-42', {}, { amount: '25,50' }],
    ['another ServiceId', '-58', {}, { ServiceId: '999' }],
    ['a Confirm of a payment that is not ours', '-47', {}, { op: 'ua-confirm' }],
  ])('%s is refused with 200 and StatusCode %s, nothing recorded', async (_label, code, keys, extra) => {
    const { amount, op, ...rest } = extra as Record<string, string>;
    const a = args({ ...(amount && { amount }), prvTxn: '999999999', extra: rest });
    const res = await call(op ?? 'ua-payment', a, { ...UA_KEYS, ...keys });
    expect(res.answer.status).toBe(200);
    expect(res.result).toMatchObject({ ok: false, code });
    expect(await transactionsOf(ua.walletId, a.txnId)).toHaveLength(0);
  });

  it('an oversized body is refused with 413 in the Response envelope', async () => {
    const a = args({ extra: { padBytes: String(h.config.MAX_BODY_BYTES) } });
    const res = await call('ua-payment', a);
    expect(res.answer.status).toBe(413);
    expect(res.result).toMatchObject({ ok: false, code: '-50' });
    expect(await transactionsOf(ua.walletId, a.txnId)).toHaveLength(0);
  });
});

describe('EasyPay.am (JSON + HMAC)', () => {
  const call = (operation: string, a: SimArgs, keys: SimKeys = AM_KEYS) => simulate(sim, am.link, operation, a, keys);
  // Billing keeps one currency per driver balance: AMD top-ups go to a driver of their own.
  const args = (over: Partial<SimArgs> = {}) => argsFor({ account: 'DRV-AM', ...over });

  it('balance inquiry: a known driver 200 signed, an unknown one 404 with the error body', async () => {
    expect((await call('am-check', args())).result).toMatchObject({ ok: true, code: '200', signatureValid: true });
    const unknown = await call('am-check', args({ account: 'NOBODY' }));
    expect(unknown.result).toMatchObject({ ok: false, code: '404' });
    expect(unknown.result.parsed).toMatchObject({ StatusCode: 404, Type: 'NotFoundException' });
  });

  it('payment is credited once with the exact amount; a repeat returns the original PaymentId', async () => {
    const a = args({ amount: '1500.50' });
    const first = await call('am-pay', a);
    expect(first.result).toMatchObject({ ok: true, code: '200', signatureValid: true });
    const again = await call('am-pay', a);
    expect(again.result).toMatchObject({ ok: true, prvTxn: first.result.prvTxn, signatureValid: true });
    const [row] = await settled(am.walletId, a.txnId);
    expect(row!.state).toBe('processed');
    expect(await transactionsOf(am.walletId, a.txnId)).toHaveLength(1);
    await expectLedger(h, parkId, 'DRV-AM', { credits: 1, records: 1, reversals: 0, balance: 150050n });
  });

  it('a fired driver is refused with 401 at the balance inquiry and at payment, and nothing is recorded', async () => {
    const a = args({ account: 'DRV-EP-FIRED' });
    expect((await call('am-check', a)).result).toMatchObject({ ok: false, code: '401' });
    expect((await call('am-pay', a)).result).toMatchObject({ ok: false, code: '401' });
    expect(await transactionsOf(am.walletId, a.txnId)).toHaveLength(0);
    await expectLedger(h, parkId, 'DRV-EP-FIRED', nothingCredited);
  });

  it.each([
    ['a bad HMAC', 401, { hmacKey: 'not-the-key' }, {}],
    ['a malformed body', 400, {}, { body: '{"OrderId":' }],
    ['too many decimals', 400, {}, { amount: '25.505' }],
    ['an amount as a string', 400, {}, { amount: '"25.50"' }],
  ])('%s is %i with the JSON error body, no credit', async (_label, status, keys, extra) => {
    const { amount, ...rest } = extra as Record<string, string>;
    const a = args({ ...(amount && { amount }), extra: rest });
    const res = await call('am-pay', a, { ...AM_KEYS, ...keys });
    expect(res.answer.status).toBe(status);
    expect(res.result.parsed).toMatchObject({ StatusCode: status, Message: expect.any(String) });
    expect(await transactionsOf(am.walletId, a.txnId)).toHaveLength(0);
  });

  it('an oversized body is 400 with the JSON error body', async () => {
    const a = args({ extra: { padBytes: String(h.config.MAX_BODY_BYTES) } });
    const res = await call('am-pay', a);
    expect(res.answer.status).toBe(400);
    expect(res.result.parsed).toMatchObject({ StatusCode: 400, Message: 'Request too large' });
    expect(await transactionsOf(am.walletId, a.txnId)).toHaveLength(0);
  });

  it('ping answers Status OK', async () => {
    expect((await call('am-ping', args())).result).toMatchObject({ ok: true, parsed: { Status: 'OK' } });
  });
});

describe('a wallet without a product', () => {
  it('cannot be saved through the API: 400 names the settings', async () => {
    const wallet = {
      psp: 'easypay',
      name: 'EasyPay',
      currency: 'AMD',
      settings: { ipAllowList: LOOPBACK },
      credentials: AM_KEYS,
    };
    const res = await h.api('POST', `/v1/parks/${parkId}/wallets`, wallet);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', field: 'settings' });
    expect(res.body.message).toContain('product');
  });

  it('stored before that check (or migrated from the legacy store) is refused until the park sets one, and records nothing', async () => {
    const stored = await h.sys.wallets.create({
      parkId,
      psp: 'easypay',
      name: 'Legacy',
      currency: 'AMD',
      settings: { ipAllowList: LOOPBACK },
      credentials: AM_KEYS,
    });
    const issued = await h.api('POST', `/v1/parks/${parkId}/wallets/${stored.id}/link`);
    const link = (issued.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl);
    const a = argsFor({ account: 'DRV-AM' });
    const res = await simulate(sim, link, 'am-pay', a, AM_KEYS);
    expect(res.answer.status).toBe(401);
    expect(await h.sys.db.transaction.count({ where: { walletId: stored.id } })).toBe(0);
    expect(
      (
        await h.api('PATCH', `/v1/parks/${parkId}/wallets/${stored.id}`, {
          settings: { product: 'am', ipAllowList: LOOPBACK },
        })
      ).status,
    ).toBe(200);
    expect((await simulate(sim, link, 'am-pay', a, AM_KEYS)).result).toMatchObject({ ok: true, code: '200' });
  });
});
