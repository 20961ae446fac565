import { jwtVerify } from 'jose';
import { payAccepted } from '../fixtures';
import { postForm, pspRequest } from '../osmp/fixtures/http';
import { QIWI_SAMPLES } from '../osmp/fixtures/samples';
import type { Outcome, PspRequest, Refusal, WalletContext } from '../types';
import { createMobilnikAdapter } from './adapter';
import { MOBILNIK_SAMPLES, TEST_SELLER_SECRET } from './fixtures/samples';
import { DURING_SAMPLE, orderRequest, postbackToken } from './fixtures/tokens';

let now = DURING_SAMPLE;
const adapter = createMobilnikAdapter(() => now);
beforeEach(() => (now = DURING_SAMPLE));

function webWallet(
  settings: Record<string, unknown> = {},
  credentials: Record<string, string> = { sellerSecret: TEST_SELLER_SECRET },
): WalletContext {
  return {
    id: 'w1',
    parkId: 'p1',
    psp: 'mobilnik',
    currency: 'KGS',
    settings: { channel: 'web', ...settings },
    credentials,
  };
}
const postback = (body: string | Buffer) =>
  pspRequest('/psp/mobilnik/***', { method: 'POST', body, contentType: 'text/plain' });
const sample = () => postback(MOBILNIK_SAMPLES.postback.body);
const refused = (reason: Refusal): Outcome => ({ kind: 'refused', reason, message: 'internal detail' });

function verdict(req: PspRequest, wallet = webWallet()): Refusal | 'ok' {
  const verified = adapter.verify(req, wallet);
  if (!verified.ok) return verified.reason;
  const parsed = adapter.parse(req, wallet);
  return parsed.ok ? 'ok' : parsed.reason;
}
const tokenVerdict = async (claims: Parameters<typeof postbackToken>[0], wallet = webWallet()) =>
  verdict(postback(await postbackToken(claims)), wallet);

describe('canonical postback (README: Samples)', () => {
  it('verifies, parses to a PAY keyed on the orderId, and is answered with the orderId, the repeat identically', () => {
    expect(adapter.verify(sample(), webWallet())).toEqual({ ok: true });
    expect(adapter.parse(sample(), webWallet())).toEqual({
      ok: true,
      command: { kind: 'pay', pspTxnId: '771234', account: 'DRV000123', amountMinor: 2550n },
      context: { channel: 'web' },
    });
    const answer = adapter.render(payAccepted({ pspTxnId: '771234', currency: 'KGS' }), { channel: 'web' }, sample());
    expect(answer).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: MOBILNIK_SAMPLES.postback.answer,
    });
    expect(adapter.render(payAccepted({ pspTxnId: '771234' }, true), { channel: 'web' }, sample())).toEqual(answer);
  });

  it('is the token jose itself accepts, with the same claims', async () => {
    const { payload } = await jwtVerify(MOBILNIK_SAMPLES.postback.body, new TextEncoder().encode(TEST_SELLER_SECRET), {
      algorithms: ['HS256'],
      audience: 'mobilnik.kg',
      currentDate: DURING_SAMPLE,
    });
    expect(payload).toEqual(MOBILNIK_SAMPLES.postback.claims);
  });
});

describe('token verification', () => {
  it('refuses another secret, a tampered payload and an unsigned or differently signed token', async () => {
    expect(verdict(postback(await postbackToken({}, 'other-secret')))).toBe('unauthorized');
    const [header, , signature] = MOBILNIK_SAMPLES.postback.body.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...MOBILNIK_SAMPLES.postback.claims, request: orderRequest({ totalSum: 99999 }) }),
    ).toString('base64url');
    expect(verdict(postback(`${header}.${forged}.${signature}`))).toBe('unauthorized');
    const none = Buffer.from('{"alg":"none"}').toString('base64url');
    expect(verdict(postback(`${none}.${forged}.`))).toBe('bad_request'); // not even a compact JWS: no signature part
    expect(verdict(postback(`${none}.${forged}.${signature}`))).toBe('unauthorized');
    expect(verdict(postback(await postbackToken({}, TEST_SELLER_SECRET.padEnd(64, '!'), 'HS512')))).toBe(
      'unauthorized',
    );
  });

  it('refuses a non-canonical signature encoding', () => {
    const body = MOBILNIK_SAMPLES.postback.body;
    expect(verdict(postback(`${body.slice(0, -1)}${body.endsWith('k') ? 'l' : 'k'}`))).toBe('unauthorized');
  });

  it('requires aud mobilnik.kg', async () => {
    expect(await tokenVerdict({ aud: undefined })).toBe('unauthorized');
    expect(await tokenVerdict({ aud: 'mobilnik.ru' })).toBe('unauthorized');
    expect(await tokenVerdict({ aud: ['x', 'mobilnik.kg'] })).toBe('ok');
  });

  it('requires an unexpired exp, with the wallet clock tolerance', async () => {
    expect(await tokenVerdict({ exp: undefined })).toBe('unauthorized');
    now = new Date(MOBILNIK_SAMPLES.postback.claims.exp * 1000 + 59_000);
    expect(verdict(sample())).toBe('ok');
    now = new Date(MOBILNIK_SAMPLES.postback.claims.exp * 1000 + 61_000);
    expect(verdict(sample())).toBe('unauthorized');
    expect(verdict(sample(), webWallet({ clockToleranceSeconds: 120 }))).toBe('ok');
  });

  it('agrees with jose on expiry', async () => {
    now = new Date(MOBILNIK_SAMPLES.postback.claims.exp * 1000 + 1000);
    await expect(
      jwtVerify(MOBILNIK_SAMPLES.postback.body, new TextEncoder().encode(TEST_SELLER_SECRET), { currentDate: now }),
    ).rejects.toThrow(/exp/);
    expect(verdict(sample(), webWallet({ clockToleranceSeconds: 0 }))).toBe('unauthorized');
  });

  it('refuses a token not yet valid', async () => {
    expect(await tokenVerdict({ nbf: MOBILNIK_SAMPLES.postback.claims.iat + 3000 })).toBe('unauthorized');
  });

  it('checks the issuer when the wallet names its seller id', async () => {
    expect(verdict(sample(), webWallet({ sellerId: 'seller-1' }))).toBe('ok');
    expect(verdict(sample(), webWallet({ sellerId: 'seller-2' }))).toBe('unauthorized');
  });

  it('without a sellerSecret credential nothing is accepted', () => {
    expect(adapter.verify(sample(), webWallet({}, {}))).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});

describe('the order', () => {
  it('takes the driver from sellerData under the wallet key', async () => {
    const token = await postbackToken({ request: orderRequest({ sellerData: { transaction_id: 7, driver: 'DRV9' } }) });
    expect(verdict(postback(token))).toBe('bad_account');
    expect(adapter.parse(postback(token), webWallet({ sellerDataAccountKey: 'driver' }))).toMatchObject({
      ok: true,
      command: { account: 'DRV9' },
    });
    expect(await tokenVerdict({ request: orderRequest({ sellerData: 'DRV000123' }) })).toBe('bad_account');
    expect(await tokenVerdict({ request: orderRequest({ sellerData: { driverId: 'DRV 1;DROP' } }) })).toBe(
      'bad_account',
    );
  });

  it.each([
    [25.5, 2550n],
    ['25.50', 2550n],
    [100, 10000n],
    [0.01, 1n],
  ])('totalSum %p is %p tyiyn, exactly', async (totalSum, minor) => {
    const req = postback(await postbackToken({ request: orderRequest({ totalSum }) }));
    expect(adapter.parse(req, webWallet())).toMatchObject({ ok: true, command: { amountMinor: minor } });
  });

  it.each([
    [25.555, 'bad_amount'],
    ['25,50', 'bad_amount'],
    [null, 'bad_amount'],
    [1e21, 'bad_amount'],
    [-1, 'amount_too_small'],
    [0, 'amount_too_small'],
    [100000.01, 'amount_too_large'],
  ])('totalSum %p is refused as %s', async (totalSum, reason) => {
    expect(await tokenVerdict({ request: orderRequest({ totalSum }) })).toBe(reason);
  });

  it('reads totalSum in tyiyn when the wallet says so', async () => {
    const req = postback(await postbackToken({ request: orderRequest({ totalSum: 2550 }) }));
    expect(adapter.parse(req, webWallet({ totalSumUnit: 'minor' }))).toMatchObject({
      ok: true,
      command: { amountMinor: 2550n },
    });
    expect(
      await tokenVerdict({ request: orderRequest({ totalSum: 25.5 }) }, webWallet({ totalSumUnit: 'minor' })),
    ).toBe('bad_amount');
  });

  it('refuses another currency, a test payment (unless the park accepts them) and a missing or odd orderId', async () => {
    expect(await tokenVerdict({ request: orderRequest({ currencyCode: 'USD' }) })).toBe('bad_request');
    expect(await tokenVerdict({ request: orderRequest({ test: true }) })).toBe('forbidden');
    expect(await tokenVerdict({ request: orderRequest({ test: true }) }, webWallet({ acceptTestPayments: true }))).toBe(
      'ok',
    );
    expect(await tokenVerdict({ response: undefined })).toBe('bad_request');
    expect(await tokenVerdict({ response: { orderId: 'a b' } })).toBe('bad_request');
    const numeric = postback(await postbackToken({ response: { orderId: 42 } }));
    expect(adapter.parse(numeric, webWallet())).toMatchObject({ ok: true, command: { pspTxnId: '42' } });
  });

  it('a body that is no JWT passes verify and is refused by parse; so is a GET', () => {
    expect(adapter.verify(postback('not a jwt'), webWallet())).toEqual({ ok: true });
    expect(verdict(postback('not a jwt'))).toBe('bad_request');
    expect(verdict(pspRequest('/psp/mobilnik/***'))).toBe('bad_request');
  });
});

describe('answers', () => {
  it('refusals never read as an order id, and carry their kind in the status', () => {
    const statuses = Object.fromEntries(
      (['bad_request', 'unauthorized', 'forbidden', 'conflict', 'temporary', 'too_large', 'unknown_link'] as const).map(
        (reason) => {
          const answer = adapter.render(refused(reason), { channel: 'web' }, sample());
          expect(answer.body).toMatch(/^refused: /);
          expect(answer.body).not.toContain('internal detail');
          return [reason, answer.status];
        },
      ),
    );
    expect(statuses).toEqual({
      bad_request: 400,
      unauthorized: 401,
      forbidden: 403,
      conflict: 409,
      temporary: 503,
      too_large: 413,
      unknown_link: 404,
    });
  });
});

describe('channels', () => {
  it('speaks OSMP by default and when channel is terminal', () => {
    for (const settings of [{}, { channel: 'terminal' }]) {
      const wallet: WalletContext = { ...webWallet(), settings };
      const req = pspRequest(QIWI_SAMPLES.pay.url);
      expect(adapter.verify(req, wallet)).toEqual({ ok: true });
      const parsed = adapter.parse(req, wallet);
      expect(parsed).toMatchObject({
        ok: true,
        command: { kind: 'pay', amountMinor: 1045n },
        context: { channel: 'terminal' },
      });
      const outcome = payAccepted({ prvTxn: '98765', pspTxnId: '1234567', amountMinor: 1045n, currency: 'KGS' });
      expect(adapter.render(outcome, parsed.context, req, wallet).body).toBe(QIWI_SAMPLES.pay.answer);
    }
  });

  it('a web wallet does not speak OSMP, nor a terminal wallet JWT', () => {
    expect(verdict(pspRequest(QIWI_SAMPLES.pay.url))).toBe('bad_request');
    expect(verdict(sample(), { ...webWallet(), settings: {} })).toBe('bad_request');
  });

  it('refuses a wallet whose channel is neither', () => {
    const wallet = webWallet({ channel: 'sms' });
    expect(adapter.verify(sample(), wallet)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(adapter.parse(sample(), wallet)).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('answers refusals before the link resolves in the envelope the request looks like', () => {
    const tooLarge = refused('too_large');
    expect(adapter.render(tooLarge, undefined, sample()).body).toBe('refused: Request too large');
    expect(adapter.render(tooLarge, undefined, postForm('/psp/mobilnik/***', 'command=pay')).body).toContain(
      '<result>300</result>',
    );
    expect(adapter.render(tooLarge, undefined, pspRequest('/psp/mobilnik/***?command=check')).body).toContain(
      '<result>300</result>',
    );
    expect(adapter.render(tooLarge, undefined, sample(), webWallet()).body).toBe('refused: Request too large');
  });
});
