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
