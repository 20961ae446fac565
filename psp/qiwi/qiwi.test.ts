import { postForm, pspRequest, testWallet } from '../osmp/fixtures/http';
import { payAccepted } from '../fixtures';
import type { PspRequest, WalletContext } from '../types';
import { FIXTURE_LOGIN, FIXTURE_PASSWORD, QIWI_SAMPLES } from './fixtures/samples';
import { signedText } from './form';
import { qiwiAdapter as adapter } from './index';
import { qiwiSignature } from './verify';

const wallet = (
  settings: Record<string, unknown> = {},
  credentials: Record<string, string> = { login: FIXTURE_LOGIN, password: FIXTURE_PASSWORD },
): WalletContext => ({
  ...testWallet('qiwi', 'RUB', settings),
  credentials,
});

function notification(body: string, headers: Record<string, string>): PspRequest {
  const req = postForm('/psp/qiwi/***', body);
  return { ...req, headers: { ...req.headers, ...headers } };
}
const signed = (body: string, password = FIXTURE_PASSWORD) =>
  notification(body, { 'x-api-signature': qiwiSignature([...new URLSearchParams(body)], password) });
const form = (fields: Record<string, string>) =>
  new URLSearchParams({
    bill_id: 'B-1',
    status: 'paid',
    error: '0',
    amount: '10.45',
    ccy: 'RUB',
    comment: 'DRV000123',
    command: 'bill',
    ...fields,
  }).toString();

describe('canonical sample (README: Samples)', () => {
  it('signs the values sorted by name, joined with |, as documented', () => {
    expect(signedText([...new URLSearchParams(QIWI_SAMPLES.paid.body)])).toBe(QIWI_SAMPLES.paid.signedText);
    expect(qiwiSignature([...new URLSearchParams(QIWI_SAMPLES.paid.body)], FIXTURE_PASSWORD)).toBe(
      QIWI_SAMPLES.paid.signature,
    );
  });

  it.each([
    ['Basic', { authorization: QIWI_SAMPLES.paid.basic }],
    ['X-Api-Signature', { 'x-api-signature': QIWI_SAMPLES.paid.signature }],
  ])('verifies by %s and parses a paid bill into an unverified PAY', (_how, headers) => {
    const req = notification(QIWI_SAMPLES.paid.body, headers);
    expect(adapter.verify(req, wallet())).toEqual({ ok: true });
    expect(adapter.parse(req, wallet())).toEqual({
      ok: true,
      command: {
        kind: 'pay',
        pspTxnId: 'BILL-1',
        account: '',
        amountMinor: 100n,
        verifyWithPsp: false,
        byInvoice: true,
      },
      context: {},
    });
  });

  it('answers result_code 0 in the documented XML, the repeat identically', () => {
    const req = notification(QIWI_SAMPLES.paid.body, { authorization: QIWI_SAMPLES.paid.basic });
    const first = adapter.render(payAccepted(), {}, req);
    expect(first).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: QIWI_SAMPLES.answers.ok,
    });
    expect(adapter.render(payAccepted({}, true), {}, req)).toEqual(first);
  });

  it('acknowledges a rejected bill with 0 and nothing to do', () => {
    const req = signed(QIWI_SAMPLES.rejected.body);
    expect(adapter.parse(req, wallet())).toMatchObject({ ok: true, command: { kind: 'ignore' } });
    expect(adapter.render({ kind: 'ignored' }, {}, req).body).toBe(QIWI_SAMPLES.answers.ok);
  });
});

describe('authentication', () => {
  const body = form({});
  it('answers 151 to a wrong signature and 150 to wrong or missing Basic credentials', () => {
    const badSignature = signed(body, 'other');
    expect(adapter.verify(badSignature, wallet())).toMatchObject({ ok: false, reason: 'unauthorized' });
    expect(
      adapter.render({ kind: 'refused', reason: 'unauthorized', message: 'x' }, undefined, badSignature).body,
    ).toBe(QIWI_SAMPLES.answers.badSignature);
    for (const authorization of [`Basic ${Buffer.from(`${FIXTURE_LOGIN}:nope`).toString('base64')}`, 'Bearer x', '']) {
      const req = notification(body, { authorization });
      expect(adapter.verify(req, wallet())).toMatchObject({ ok: false, reason: 'unauthorized' });
      expect(adapter.render({ kind: 'refused', reason: 'unauthorized', message: 'x' }, undefined, req).body).toBe(
        QIWI_SAMPLES.answers.authError,
      );
    }
  });

  it('a driver refused after parsing is "anything else" (300), not the auth error 150 an address gets', () => {
    const req = signed(body);
    const forbidden = { kind: 'refused', reason: 'forbidden', message: 'x' } as const;
    expect(adapter.render(forbidden, {}, req).body).toContain('<result_code>300</result_code>');
    expect(adapter.render(forbidden, undefined, req).body).toContain('<result_code>150</result_code>');
  });

  it('a signature covers every parameter, extras included', () => {
    const req = signed(body);
    const tampered = notification(`${body}&extra=1`, { 'x-api-signature': req.headers['x-api-signature']! });
    expect(adapter.verify(req, wallet()).ok).toBe(true);
    expect(adapter.verify(tampered, wallet()).ok).toBe(false);
  });

  it('follows the wallet: Basic login from prvId, one method only, no password → forbidden', () => {
    const basic = notification(body, { authorization: QIWI_SAMPLES.paid.basic });
    expect(adapter.verify(basic, wallet({ prvId: '24274' }, { password: FIXTURE_PASSWORD })).ok).toBe(true);
    expect(adapter.verify(basic, wallet({ notificationAuth: 'signature' })).ok).toBe(false);
    expect(adapter.verify(signed(body), wallet({ notificationAuth: 'basic' })).ok).toBe(false);
    expect(adapter.verify(signed(body), wallet({}, {}))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(adapter.verify(signed(body), wallet({ notificationAuth: 'sometimes' }))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
  });
});

describe('notification fields', () => {
  const outcome = (body: string) => {
    const parsed = adapter.parse(postForm('/psp/qiwi/***', body), wallet());
    return parsed.ok ? parsed.command.kind : parsed.reason;
  };

  it.each([
    [form({ amount: '10.455' }), 'bad_amount'],
    [form({ amount: 'abc' }), 'bad_amount'],
    [form({ amount: '0.00' }), 'amount_too_small'],
    [form({ amount: '-1.00' }), 'amount_too_small'],
    [form({ ccy: 'USD' }), 'bad_amount'],
    // The comment is free text: whatever it says, the payer comes from our invoice, found by bill_id.
    [form({ comment: 'Top up, please' }), 'pay'],
    [form({ comment: '' }), 'pay'],
    [form({ command: 'refund' }), 'bad_request'],
    [form({ bill_id: 'a b' }), 'bad_request'],
    [form({ status: '' }), 'bad_request'],
    [`${form({})}&amount=99.00`, 'bad_request'],
    [form({ status: 'waiting' }), 'ignore'],
    [form({ status: 'expired' }), 'ignore'],
    [form({ error: '5' }), 'ignore'],
    [form({ prv_name: 'anything', more: 'x' }), 'pay'],
  ])('%s → %s', (body, expected) => {
    expect(outcome(body)).toBe(expected);
  });

  it('reads only a form POST', () => {
    expect(adapter.parse(pspRequest(`/psp/qiwi/***?${form({})}`), wallet())).toMatchObject({
      ok: false,
      reason: 'bad_request',
    });
    expect(adapter.parse(postForm('/psp/qiwi/***', form({}), 'application/json'), wallet())).toMatchObject({
      ok: false,
      reason: 'bad_request',
    });
  });
});

describe('what ops read in the logs', () => {
  const parsedWith = (body: string) => adapter.parse(postForm('/psp/qiwi/***', body), wallet());

  it.each([
    [`${form({})}&amount=99.00`, 'bad_request', 'amount sent more than once'],
    [form({ command: 'refund' }), 'bad_request', 'command must be bill'],
    [form({ bill_id: 'a b' }), 'bad_request', 'bill_id is missing or malformed'],
    [form({ status: '' }), 'bad_request', 'status is missing'],
    [form({ ccy: 'USD' }), 'bad_amount', 'ccy is not the wallet currency'],
    [form({ amount: '10.455' }), 'bad_amount', 'amount is not an exact decimal'],
    [form({}).replace('amount=10.45&', ''), 'bad_amount', 'amount is not an exact decimal'],
    [form({ amount: '-1.00' }), 'amount_too_small', 'amount is not an exact decimal'],
    [form({ amount: '0.00' }), 'amount_too_small', 'amount must be positive'],
  ])('%s is refused as %s: %s', (body, reason, message) => {
    expect(parsedWith(body)).toStrictEqual({ ok: false, reason, message, context: {} });
  });

  it.each([
    [form({ status: 'waiting' }), 'bill status waiting'],
    // Only the first 20 characters of a status: it is the PSP's text, written to our logs.
    [form({ status: 'expired_after_a_very_long_wait' }), 'bill status expired_after_a_very'],
    [form({ error: '5' }), 'paid bill without error=0'],
  ])('%s is dropped, saying why', (body, why) => {
    expect(parsedWith(body)).toStrictEqual({ ok: true, command: { kind: 'ignore', why }, context: {} });
  });

  it('ignores parameters it does not read, even repeated', () => {
    expect(parsedWith(`${form({})}&prv_name=A&prv_name=B`)).toStrictEqual({
      ok: true,
      command: { kind: 'pay', pspTxnId: 'B-1', account: '', amountMinor: 1045n, verifyWithPsp: false, byInvoice: true },
      context: {},
    });
  });
});

describe('why a notification is not authenticated', () => {
  const body = form({});
  const credentials = Buffer.from(`${FIXTURE_LOGIN}:${FIXTURE_PASSWORD}`).toString('base64');
  const basic = (authorization: string) => notification(body, { authorization });

  it.each([
    ['no password', signed(body), wallet({}, {}), 'forbidden', 'wallet has no QIWI notification password'],
    [
      'a signature where Basic is required',
      signed(body),
      wallet({ notificationAuth: 'basic' }),
      'unauthorized',
      'this wallet takes Basic authentication only',
    ],
    ['a wrong signature', signed(body, 'other'), wallet(), 'unauthorized', 'X-Api-Signature does not match'],
    [
      'Basic where a signature is required',
      basic(`Basic ${credentials}`),
      wallet({ notificationAuth: 'signature' }),
      'unauthorized',
      'this wallet takes X-Api-Signature only',
    ],
    ['no Authorization', notification(body, {}), wallet(), 'unauthorized', 'no Basic credentials'],
    [
      'a scheme that only ends in Basic',
      basic(`XBasic ${credentials}`),
      wallet(),
      'unauthorized',
      'no Basic credentials',
    ],
    ['Basic with more after it', basic(`Basic ${credentials} x`), wallet(), 'unauthorized', 'no Basic credentials'],
    [
      'a wrong password',
      basic(`Basic ${Buffer.from(`${FIXTURE_LOGIN}:nope`).toString('base64')}`),
      wallet(),
      'unauthorized',
      'Basic credentials do not match',
    ],
  ])('%s', (_case, req, w, reason, message) => {
    expect(adapter.verify(req, w)).toStrictEqual({ ok: false, reason, message });
  });

  it.each([`Basic  ${credentials}`, `basic ${credentials}`, `BASIC\t${credentials}`])(
    'takes %j: the scheme in any case, any whitespace before the credentials',
    (authorization) => {
      expect(adapter.verify(basic(authorization), wallet())).toStrictEqual({ ok: true });
    },
  );
});
