import { pspRequest, testWallet } from '../osmp/fixtures/http';
import { payAccepted } from '../fixtures';
import type { PspRequest, WalletContext } from '../types';
import { FIXTURE_SECRET_KEY, PAYSTACK_SAMPLES } from './fixtures/samples';
import { paystackAdapter as adapter } from './index';
import { paystackSignature } from './verify';

const wallet = (
  settings: Record<string, unknown> = {},
  credentials: Record<string, string> = { secretKey: FIXTURE_SECRET_KEY },
): WalletContext => ({
  ...testWallet('paystack', 'NGN', settings),
  credentials,
});

function webhook(body: string, signature = paystackSignature(body, FIXTURE_SECRET_KEY)): PspRequest {
  const req = pspRequest('/psp/paystack/***', {
    method: 'POST',
    body,
    contentType: 'application/json',
    clientIp: '52.31.139.75',
  });
  return { ...req, headers: { ...req.headers, 'x-paystack-signature': signature } };
}

const charge = (data: Record<string, unknown>) =>
  JSON.stringify({
    event: 'charge.success',
    data: { reference: 'REF-1', amount: 1045, currency: 'NGN', metadata: { driver_id: 'D1' }, ...data },
  });

describe('canonical sample (README: Samples)', () => {
  const req = webhook(PAYSTACK_SAMPLES.chargeSuccess.body, PAYSTACK_SAMPLES.chargeSuccess.signature);

  it('verifies the documented signature and parses charge.success into a verified PAY', () => {
    expect(adapter.verify(req, wallet())).toEqual({ ok: true });
    expect(adapter.parse(req, wallet())).toEqual({
      ok: true,
      command: {
        kind: 'pay',
        pspTxnId: 'TOPUP-2024-000123',
        account: '',
        amountMinor: 500000n,
        paidAt: new Date('2024-03-25T11:06:00.000Z'),
        verifyWithPsp: true,
        byInvoice: true,
      },
      context: { event: 'charge.success' },
    });
  });

  it('answers a plain 200, the repeat identically', () => {
    const first = adapter.render(payAccepted({ currency: 'NGN' }), undefined, req);
    expect(first).toEqual({
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: PAYSTACK_SAMPLES.answers.accepted,
    });
    expect(adapter.render(payAccepted({ currency: 'NGN' }, true), undefined, req)).toEqual(first);
  });

  it('acknowledges other events without a command to act on', () => {
    const other = webhook(PAYSTACK_SAMPLES.transferSuccess.body);
    expect(adapter.parse(other, wallet())).toMatchObject({
      ok: true,
      command: { kind: 'ignore', why: 'event transfer.success' },
    });
    expect(adapter.render({ kind: 'ignored' }, undefined, other)).toMatchObject({
      status: 200,
      body: PAYSTACK_SAMPLES.answers.ignored,
    });
  });
});

describe('signature', () => {
  const body = charge({});
  it.each([
    ['missing', undefined],
    ['not hex', 'z'.repeat(128)],
    ['too short', paystackSignature(body, FIXTURE_SECRET_KEY).slice(2)],
    ['another key', paystackSignature(body, 'sk_test_other')],
    ['another body', paystackSignature(`${body} `, FIXTURE_SECRET_KEY)],
  ])('refuses a signature that is %s with 401', (_why, signature) => {
    const req = webhook(body, signature ?? '');
    expect(adapter.verify(req, wallet())).toMatchObject({ ok: false, reason: 'unauthorized' });
    expect(adapter.render({ kind: 'refused', reason: 'unauthorized', message: 'x' }, undefined, req)).toMatchObject({
      status: 401,
    });
  });

  it('accepts upper-case hex, and refuses a wallet without a secret key or with bad settings', () => {
    expect(adapter.verify(webhook(body, paystackSignature(body, FIXTURE_SECRET_KEY).toUpperCase()), wallet())).toEqual({
      ok: true,
    });
    expect(adapter.verify(webhook(body), wallet({}, {}))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(adapter.verify(webhook(body), wallet({ driverIdMetadataKey: 'a b' }))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('a driver refused after parsing is one of the other refusals (422); a wallet or address refused before, 403', () => {
    const forbidden = { kind: 'refused', reason: 'forbidden', message: 'x' } as const;
    expect(adapter.render(forbidden, {}, webhook(body))).toMatchObject({ status: 422, body: '{"result":"forbidden"}' });
    expect(adapter.render(forbidden, undefined, webhook(body)).status).toBe(403);
  });
});

describe('charge.success fields', () => {
  const refusal = (body: string, w = wallet()) => {
    const parsed = adapter.parse(webhook(body), w);
    return parsed.ok ? parsed.command : parsed.reason;
  };

  it.each([
    [charge({ amount: '1045' }), 'bad_amount'],
    [charge({ amount: 10.45 }), 'bad_amount'],
    [charge({ amount: 1e20 }), 'bad_amount'],
    [charge({ amount: 0 }), 'amount_too_small'],
    [charge({ amount: -5 }), 'amount_too_small'],
    [charge({ currency: 'GHS' }), 'bad_amount'],
    [charge({ reference: 'has space' }), 'bad_request'],
    ['{"event":"charge.success"}', 'bad_request'],
    ['not json', 'bad_request'],
    ['[1,2]', 'bad_request'],
  ])('%s → %s', (body, reason) => {
    expect(refusal(body)).toBe(reason);
  });

  it('never takes the payer from metadata: the gateway finds our invoice by reference', () => {
    for (const metadata of [{ driver_id: 'D7' }, '{"driver_id":"D7"}', {}, null])
      expect(refusal(charge({ metadata }))).toMatchObject({ kind: 'pay', account: '', byInvoice: true });
  });
});

describe('what ops read in the logs', () => {
  const parsedWith = (body: string) => adapter.parse(webhook(body), wallet());
  const event = { event: 'charge.success' };
  const raw = (data: unknown) => JSON.stringify({ event: 'charge.success', data });

  it.each([
    ['not json', {}, 'bad_request', 'body must be a JSON object with an event'],
    ['{"data":{"reference":"REF-1"}}', {}, 'bad_request', 'body must be a JSON object with an event'],
    ['{"event":"charge success"}', {}, 'bad_request', 'body must be a JSON object with an event'],
    ['{"event":"charge.success"}', event, 'bad_request', 'data must be an object'],
    [raw(5), event, 'bad_request', 'data must be an object'],
    [raw('REF-1'), event, 'bad_request', 'data must be an object'],
    [raw([]), event, 'bad_request', 'data must be an object'],
    [charge({ reference: 'has space' }), event, 'bad_request', 'data.reference is malformed'],
    [charge({ amount: '1045' }), event, 'bad_amount', 'data.amount must be an integer in subunits'],
    [charge({ amount: 0 }), event, 'amount_too_small', 'data.amount must be positive'],
    [charge({ currency: 'GHS' }), event, 'bad_amount', 'data.currency is not the wallet currency'],
  ])('%s is refused with context %j as %s: %s', (body, context, reason, message) => {
    // Strict: a body without a usable event has no event key in its context, not one set to undefined.
    expect(parsedWith(body)).toStrictEqual({ ok: false, reason, message, context });
  });

  it.each([
    ['without paid_at', {}],
    ['with a paid_at that is no date', { paid_at: 'yesterday' }],
  ])('a charge %s is a PAY without paidAt', (_why, data) => {
    expect(parsedWith(charge(data))).toStrictEqual({
      ok: true,
      command: {
        kind: 'pay',
        pspTxnId: 'REF-1',
        account: '',
        amountMinor: 1045n,
        verifyWithPsp: true,
        byInvoice: true,
      },
      context: event,
    });
  });

  it('says why a signature is refused, and tolerates whitespace around a good one', () => {
    const body = charge({});
    const good = paystackSignature(body, FIXTURE_SECRET_KEY);
    expect(adapter.verify(webhook(body), wallet({}, {}))).toStrictEqual({
      ok: false,
      reason: 'forbidden',
      message: 'wallet has no Paystack secretKey',
    });
    expect(adapter.verify(webhook(body, good.slice(1)), wallet())).toStrictEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'x-paystack-signature missing or malformed',
    });
    expect(adapter.verify(webhook(body, paystackSignature(body, 'sk_test_other')), wallet())).toStrictEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'x-paystack-signature does not match',
    });
    expect(adapter.verify(webhook(body, ` ${good}\t`), wallet())).toStrictEqual({ ok: true });
  });
});
