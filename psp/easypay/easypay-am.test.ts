import { paymentView } from '../fixtures';
import type { Outcome } from '../types';
import { createEasypayAdapter } from '.';
import { hmacBase64 } from './am/hmac';
import { readAmRequest, signingString } from './am/request';
import { AM_TEST_HMAC_KEY, amWallet, request, signedAm } from './fixtures/http';
import { AM_SAMPLES } from './fixtures/samples';

const adapter = createEasypayAdapter();
const wallet = amWallet({ accountInputType: 1 });
const refused = (reason: Extract<Outcome, { kind: 'refused' }>['reason']): Outcome => ({
  kind: 'refused',
  reason,
  message: 'detail',
});
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('canonical samples (README: Samples, EasyPay.am)', () => {
  it("reproduces the guide's worked HMAC example through verify", () => {
    const { key, nonce, body, signingString: text, authorization } = AM_SAMPLES.hmacExample;
    const req = request(body, { nonce, authorization });
    const read = readAmRequest(req);
    expect(read.ok && signingString(read.request, nonce)).toBe(text);
    expect(adapter.verify(req, amWallet({ accountInputType: 16 }, key))).toEqual({ ok: true });
    expect(adapter.verify(req, amWallet({}, 'another key'))).toMatchObject({ ok: false, reason: 'unauthorized' });
  });

  it('balance inquiry is a CHECK of the chosen input, answered signed over Debt, values and Nonce', () => {
    const req = signedAm(AM_SAMPLES.inquiry.body, AM_SAMPLES.inquiry.nonce);
    expect(adapter.verify(req, wallet)).toEqual({ ok: true });
    const parsed = adapter.parse(req, wallet);
    expect(parsed).toMatchObject({ ok: true, command: { kind: 'check', account: '12345' } });
    const answer = adapter.render(
      { kind: 'check_ok', driverId: 'd', displayName: 'Aram' },
      parsed.context,
      req,
      wallet,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('{"Debt":0,"Properties":[{"Key":"Account","Value":"12345"}]}');
    expect(answer.headers.Authorization).toBe(
      `HMAC ${hmacBase64(AM_TEST_HMAC_KEY, `012345${AM_SAMPLES.inquiry.nonce}`)}`,
    );
  });

  it('payment is a PAY of the exact amount, keyed by OrderId, answered with our PaymentId signed with the Nonce', () => {
    const { body, nonce, signingString: text } = AM_SAMPLES.payment;
    const req = signedAm(body, nonce);
    const read = readAmRequest(req);
    expect(read.ok && signingString(read.request, nonce)).toBe(text);
    expect(adapter.verify(req, wallet)).toEqual({ ok: true });
    const parsed = adapter.parse(req, wallet);
    expect(parsed).toMatchObject({
      ok: true,
      command: { kind: 'pay', pspTxnId: '434dd03f-ede8-4e55-b71f-f81cb4120cba', account: '12345', amountMinor: 50075n },
    });
    const payment = paymentView({ prvTxn: '98765', currency: 'AMD' });
    const first = adapter.render({ kind: 'pay_accepted', payment, repeat: false }, parsed.context, req, wallet);
    const again = adapter.render({ kind: 'pay_accepted', payment, repeat: true }, parsed.context, req, wallet);
    expect(first).toEqual(again);
    expect(first.body).toBe('{"PaymentId":"98765"}');
    expect(first.headers.Authorization).toBe(`HMAC ${hmacBase64(AM_TEST_HMAC_KEY, `98765${nonce}`)}`);
  });

  it('ping needs no HMAC and answers Status OK', () => {
    const req = request('', {}, 'GET');
    expect(adapter.verify(req, wallet)).toEqual({ ok: true });
    const parsed = adapter.parse(req, wallet);
    expect(parsed).toMatchObject({ ok: true, command: { kind: 'ping' } });
    expect(adapter.render({ kind: 'pong' }, parsed.context, req, wallet)).toMatchObject({
      status: 200,
      body: AM_SAMPLES.ping.answer,
    });
  });
});

describe('numbers as sent', () => {
  it('signs and reads the amount as written: 500.70 stays "500.70", exactly 50070 minor units', () => {
    const body = AM_SAMPLES.payment.body.replace('500.75', '500.70');
    const read = readAmRequest(request(body));
    expect(read.ok && read.request.amount).toBe('500.70');
    expect(adapter.parse(signedAm(body, AM_SAMPLES.payment.nonce), wallet)).toMatchObject({
      ok: true,
      command: { amountMinor: 50070n },
    });
  });

  it('takes the endpoint from the path when the gateway passes one', () => {
    const req = { ...request(AM_SAMPLES.inquiry.body), url: '/psp/easypay/***/api/payments' };
    expect(readAmRequest(req)).toMatchObject({ ok: false, endpoint: 'payments', field: 'OrderId' });
  });
});

describe('refusals use real HTTP statuses and the guide error body', () => {
  const nonce = AM_SAMPLES.payment.nonce;
  it.each([
    ['not JSON', 400, 'bad_request', '{"OrderId":'],
    ['amount as a string', 400, 'bad_amount', AM_SAMPLES.payment.body.replace('500.75', '"500.75"')],
    ['too many decimals', 400, 'bad_amount', AM_SAMPLES.payment.body.replace('500.75', '500.755')],
    ['negative amount', 400, 'amount_too_small', AM_SAMPLES.payment.body.replace('500.75', '-1')],
    ['no inputs', 400, 'bad_request', AM_SAMPLES.payment.body.replace(/"Inputs": \[[^\]]*\]/, '"Inputs": []')],
    ['bad account', 400, 'bad_account', AM_SAMPLES.payment.body.replace('"12345"', '"a b"')],
  ])('%s → %i %s', (_label, status, reason, body) => {
    const req = signedAm(body, nonce);
    expect(adapter.verify(req, wallet)).toEqual({ ok: true });
    const parsed = adapter.parse(req, wallet);
    expect(parsed).toMatchObject({ ok: false, reason });
    const answer = adapter.render(refused(parsed.ok ? 'error' : parsed.reason), parsed.context, req, wallet);
    expect(answer.status).toBe(status);
    expect(json(answer.body)).toMatchObject({ RequestId: nonce, StatusCode: status, Type: 'BadRequestException' });
    expect(answer.headers.Authorization).toBeUndefined();
  });

  it('a bad or missing HMAC or Nonce is 401', () => {
    const good = signedAm(AM_SAMPLES.payment.body, nonce);
    for (const headers of [
      { ...good.headers, authorization: 'HMAC AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
      { ...good.headers, authorization: undefined },
      { ...good.headers, nonce: 'not-a-uuid' },
      { ...good.headers, nonce: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const req = { ...good, headers };
      expect(adapter.verify(req, wallet)).toMatchObject({ ok: false, reason: 'unauthorized' });
    }
    const answer = adapter.render(refused('unauthorized'), undefined, good, wallet);
    expect(answer.status).toBe(401);
    expect(json(answer.body)).toMatchObject({ StatusCode: 401, Type: 'UnauthorizedException', Errors: {} });
  });

  it('unknown driver 404, our failure 500, oversized 400, each in the error body', () => {
    const req = signedAm(AM_SAMPLES.inquiry.body, nonce);
    const parsed = adapter.parse(req, wallet);
    expect(adapter.render(refused('not_found'), parsed.context, req, wallet)).toMatchObject({ status: 404 });
    expect(adapter.render(refused('temporary'), parsed.context, req, wallet)).toMatchObject({ status: 500 });
    const big = request('', { 'content-type': 'application/json' });
    expect(json(adapter.render(refused('too_large'), undefined, big).body)).toMatchObject({
      StatusCode: 400,
      Message: 'Request too large',
    });
  });

  it('refuses a call for another MerchantServiceIdentifierId, and ambiguous inputs without accountInputType', () => {
    const req = signedAm(AM_SAMPLES.inquiry.body, nonce);
    expect(adapter.parse(req, amWallet({ merchantServiceIdentifierId: '1' }))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    expect(adapter.parse(req, amWallet())).toMatchObject({ ok: false, reason: 'bad_request' });
    expect(adapter.verify(req, amWallet({}, ''))).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});
