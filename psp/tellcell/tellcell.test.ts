import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { paymentView, payAccepted } from '../fixtures';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import type { Outcome, PspRequest, Refusal, WalletContext } from '../types';
import { TELLCELL_SAMPLES } from './fixtures/samples';
import { tellcellAdapter as adapter } from './index';
import { isValidHs256Jwt } from './jwt';
import { signJwt } from './simulator';

const walletWith = (
  settings: Record<string, unknown> = {},
  credentials: Record<string, string> = {},
): WalletContext => ({
  ...testWallet('tellcell', 'AMD', settings),
  credentials,
});
const wallet = walletWith();
const refusalOf = (url: string, w = wallet): Refusal | 'ok' => {
  const parsed = adapter.parse(pspRequest(url), w);
  return parsed.ok ? 'ok' : parsed.reason;
};
const answerOf = (url: string, outcome: Outcome, w = wallet) =>
  adapter.render(outcome, adapter.parse(pspRequest(url), w).context, pspRequest(url), w);
const refused = (reason: Refusal): Outcome => ({ kind: 'refused', reason, message: '<leak/>' });

describe('canonical samples (README: Samples)', () => {
  it('check: 0 with the display name only when the wallet opts in; 404 for an unknown subscriber', () => {
    expect(adapter.parse(pspRequest(TELLCELL_SAMPLES.check.url), wallet)).toMatchObject({
      ok: true,
      command: { kind: 'check', account: 'DRV000123' },
    });
    const found: Outcome = { kind: 'check_ok', driverId: 'd', displayName: 'Անուն Ազգանուն' };
    expect(answerOf(TELLCELL_SAMPLES.check.url, found)).toEqual({
      status: 200,
      headers: { 'Content-Type': 'application/xml; charset=utf-8' },
      body: TELLCELL_SAMPLES.check.answer,
    });
    expect(answerOf(TELLCELL_SAMPLES.check.url, found, walletWith({ exposeDriverName: true })).body).toBe(
      TELLCELL_SAMPLES.check.answerWithName,
    );
    expect(answerOf(TELLCELL_SAMPLES.check.url, refused('not_found')).body).toBe(TELLCELL_SAMPLES.check.notFound);
  });

  it('payment: parses exactly and answers 0 with our authcode, identically on a repeat', () => {
    expect(adapter.parse(pspRequest(TELLCELL_SAMPLES.payment.url), wallet)).toMatchObject({
      ok: true,
      command: { kind: 'pay', pspTxnId: '55001', account: 'DRV000123', amountMinor: 100000n },
    });
    const first = answerOf(TELLCELL_SAMPLES.payment.url, payAccepted({ currency: 'AMD' }));
    expect(first.body).toBe(TELLCELL_SAMPLES.payment.answer);
    expect(answerOf(TELLCELL_SAMPLES.payment.url, payAccepted({ currency: 'AMD' }, true))).toEqual(first);
  });

  it('status: by Telcell id; 200 with authcode and date when completed, 404 when unknown', () => {
    expect(adapter.parse(pspRequest(TELLCELL_SAMPLES.status.url), wallet)).toMatchObject({
      ok: true,
      command: { kind: 'status', ref: { pspTxnId: '55001' } },
    });
    const done = paymentView({ state: 'processed', createdAt: new Date('2024-03-25T11:06:01.250Z') });
    expect(answerOf(TELLCELL_SAMPLES.status.url, { kind: 'status', payment: done }).body).toBe(
      TELLCELL_SAMPLES.status.completed,
    );
    expect(answerOf(TELLCELL_SAMPLES.status.url, refused('unknown_payment')).body).toBe(
      TELLCELL_SAMPLES.status.notFound,
    );
  });

  it('status of a payment still in progress or rejected: assumed codes, overridable per wallet', () => {
    const codeOf = (state: 'accepted' | 'rejected', w = wallet) =>
      /<code>(\d+)<\/code>/.exec(
        answerOf(TELLCELL_SAMPLES.status.url, { kind: 'status', payment: paymentView({ state }) }, w).body,
      )?.[1];
    expect([codeOf('accepted'), codeOf('rejected')]).toEqual(['202', '410']);
    expect(codeOf('rejected', walletWith({ statusCodes: { rejected: 500 } }))).toBe('500');
  });
});

describe('refusals', () => {
  it.each([
    ['', 'bad_request'],
    ['action=rate', 'bad_request'],
    ['action=CHECK&account=A', 'bad_request'],
    ['action=check', 'bad_request'],
    ['action=check&account=A%20B', 'bad_account'],
    ['action=check&account=A&amount=0', 'ok'],
    ['action=check&account=A&amount=x', 'bad_amount'],
    ['action=payment&account=A&amount=1.00', 'bad_request'],
    ['action=payment&account=A&id=1', 'bad_request'],
    ['action=payment&account=A&id=1&amount=1.001', 'bad_amount'],
    ['action=payment&account=A&id=1&amount=0', 'amount_too_small'],
    ['action=payment&account=A&id=1&amount=-3', 'amount_too_small'],
    ['action=payment&account=A&id=1&amount=100000.01', 'amount_too_large'],
    ['action=payment&account=A&id=1&id=2&amount=1', 'bad_request'],
    ['action=payment&account=A&id=1&amount=1', 'ok'],
    ['action=status', 'bad_request'],
    ['action=status&id=%3Cx%3E', 'bad_request'],
  ] as const)('%j → %s', (query, reason) => {
    expect(refusalOf(`/telcell?${query}`)).toBe(reason);
  });

  it.each([
    ['not_found', '404'],
    ['bad_account', '404'],
    ['bad_request', '400'],
    ['bad_amount', '400'],
    ['forbidden', '403'],
    ['conflict', '409'],
    ['temporary', '500'],
    ['error', '500'],
  ] as const)('%s → code %s in HTTP 200, nothing echoed', (reason, code) => {
    const answer = answerOf(TELLCELL_SAMPLES.payment.url, refused(reason));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`<code>${code}</code>`);
    expect(answer.body).not.toContain('leak');
  });

  it('a wallet overrides refusal codes; unknown link and oversized body differ only in HTTP status', () => {
    const w = walletWith({ refusalCodes: { conflict: 1, not_found: 2 } });
    expect(answerOf(TELLCELL_SAMPLES.payment.url, refused('conflict'), w).body).toContain('<code>1</code>');
    const early = (reason: Refusal) => adapter.render(refused(reason), undefined, pspRequest('/t'));
    expect([early('unknown_link').status, early('too_large').status, early('forbidden').status]).toEqual([
      404, 413, 200,
    ]);
    expect(early('unauthorized').body).toBe(TELLCELL_SAMPLES.accessDenied);
  });

  it('renamed parameters per wallet', () => {
    const w = walletWith({ paramNames: { account: 'phone', amount: 'sum', txn_id: 'receipt' } });
    expect(refusalOf('/t?action=payment&phone=A&sum=1.00&receipt=9', w)).toBe('ok');
    expect(refusalOf(TELLCELL_SAMPLES.payment.url, w)).toBe('bad_request');
  });

  it.each([
    { paramNames: { account: 'action' } },
    { refusalCodes: { nope: 1 } },
    { statusCodes: { processed: -1 } },
    { accountPattern: '[' },
  ])('unusable settings %j refuse every call', (settings) => {
    expect(refusalOf(TELLCELL_SAMPLES.check.url, walletWith(settings))).toBe('error');
    expect(adapter.verify(pspRequest(TELLCELL_SAMPLES.check.url), walletWith(settings)).ok).toBe(false);
  });
});

describe('optional JWT', () => {
  const secret = 'mySecretToken123!';
  const withAuth = (authorization: string): PspRequest => ({
    ...pspRequest(TELLCELL_SAMPLES.check.url),
    headers: { authorization },
  });
  const verdict = (req: PspRequest, w = walletWith({}, { jwtSecret: secret })) => {
    const v = adapter.verify(req, w);
    return v.ok || v.reason;
  };

  it('is not required when the wallet has no jwtSecret', () => {
    expect(verdict(pspRequest(TELLCELL_SAMPLES.check.url), wallet)).toBe(true);
  });

  it('admits a token signed with the secret, from our simulator and from jose', async () => {
    expect(verdict(withAuth(`JWT ${signJwt(secret, new Date())}`))).toBe(true);
    const joseToken = await new SignJWT({ sub: 'telcell' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret));
    expect(verdict(withAuth(`Bearer ${joseToken}`))).toBe(true);
  });

  it.each([
    ['no header', ''],
    ['other secret', `JWT ${signJwt('other', new Date())}`],
    ['expired', `JWT ${signJwt(secret, new Date(Date.now() - 3_600_000))}`],
    ['not yet valid', `JWT ${signJwt(secret, new Date(), { nbf: Math.floor(Date.now() / 1000) + 600 })}`],
    ['junk', 'JWT a.b'],
    ['basic', 'Basic dTpw'],
  ])('refuses %s', (_name, header) => {
    expect(verdict(header ? withAuth(header) : pspRequest(TELLCELL_SAMPLES.check.url))).toBe('unauthorized');
  });

  it('never accepts alg none or another algorithm, even with a matching HMAC', () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const alg of ['none', 'HS512']) {
      const unsigned = `${part({ alg })}.${part({})}`;
      const token = `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
      expect(isValidHs256Jwt(token, secret, 0)).toBe(false);
    }
    expect(isValidHs256Jwt(`${part({ alg: 'none' })}.${part({})}.`, secret, 0)).toBe(false);
  });

  it('admits only the canonical encoding of the signature', () => {
    const token = signJwt(secret, new Date());
    // A 32-byte MAC leaves 2 unused bits in the last base64url character: this variant decodes to the same bytes.
    const variant = `${token.slice(0, -1)}${String.fromCharCode(token.charCodeAt(token.length - 1) + 1)}`;
    const mac = (t: string) => Buffer.from(t.split('.')[2]!, 'base64url');
    expect(mac(variant)).toEqual(mac(token));
    const now = Math.floor(Date.now() / 1000);
    expect([isValidHs256Jwt(token, secret, now), isValidHs256Jwt(variant, secret, now)]).toEqual([true, false]);
  });
});
