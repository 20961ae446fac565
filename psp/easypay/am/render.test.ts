import { createEasypayAdapter } from '..';
import type { Outcome, Refusal } from '../../types';
import { AM_TEST_HMAC_KEY, amWallet, request, signedAm } from '../fixtures/http';
import { AM_SAMPLES } from '../fixtures/samples';
import { hmacBase64 } from './hmac';

const adapter = createEasypayAdapter();
const wallet = amWallet({ accountInputType: 1 });
const { nonce } = AM_SAMPLES.payment;
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };
const refused = (reason: Refusal): Outcome => ({ kind: 'refused', reason, message: 'detail' });

describe('renderAm: the guide error body, every field', () => {
  it('an amount sent as text names the field, the endpoint and the Nonce; nothing was read to trace', () => {
    const req = signedAm(AM_SAMPLES.payment.body.replace('500.75', '"500.75"'), nonce);
    const parsed = adapter.parse(req, wallet);
    expect(adapter.render(refused('bad_amount'), parsed.context, req, wallet)).toStrictEqual({
      status: 400,
      headers: JSON_TYPE,
      body: JSON.stringify({
        RequestId: nonce,
        TraceId: '',
        Instance: '/api/payments',
        StatusCode: 400,
        Type: 'BadRequestException',
        Errors: { Amount: 'Invalid amount' },
        Message: 'Invalid amount',
      }),
    });
  });

  it('an amount too small to credit is traced by the OrderId of the payment', () => {
    const req = signedAm(AM_SAMPLES.payment.body.replace('500.75', '0'), nonce);
    const parsed = adapter.parse(req, wallet);
    expect(adapter.render(refused('amount_too_small'), parsed.context, req, wallet)).toStrictEqual({
      status: 400,
      headers: JSON_TYPE,
      body: JSON.stringify({
        RequestId: nonce,
        TraceId: '434dd03f-ede8-4e55-b71f-f81cb4120cba',
        Instance: '/api/payments',
        StatusCode: 400,
        Type: 'BadRequestException',
        Errors: {},
        Message: 'Amount too small',
      }),
    });
  });

  it.each([
    ['with the Nonce header, still echoes it', { nonce }, nonce],
    ['without a Nonce, leaves RequestId empty', {}, ''],
  ])('a refusal before anything is read, %s, and leaves the rest empty', (_label, headers, requestId) => {
    const req = request('{}', { 'content-type': 'application/json', ...headers });
    expect(adapter.render(refused('unauthorized'), undefined, req, wallet)).toStrictEqual({
      status: 401,
      headers: JSON_TYPE,
      body: JSON.stringify({
        RequestId: requestId,
        TraceId: '',
        Instance: '',
        StatusCode: 401,
        Type: 'UnauthorizedException',
        Errors: {},
        Message: 'Invalid HMAC',
      }),
    });
  });
});

describe('renderAm: a CHECK answer', () => {
  it("shows the driver's name when the park opts in, signed over Debt and every value in order", () => {
    const opted = amWallet({ accountInputType: 1, exposeDriverName: true });
    const req = signedAm(AM_SAMPLES.inquiry.body, nonce);
    const parsed = adapter.parse(req, opted);
    const answer = adapter.render({ kind: 'check_ok', driverId: 'd', displayName: 'Aram' }, parsed.context, req, opted);
    expect(answer).toStrictEqual({
      status: 200,
      headers: { ...JSON_TYPE, Authorization: `HMAC ${hmacBase64(AM_TEST_HMAC_KEY, `012345Aram${nonce}`)}` },
      body: '{"Debt":0,"Properties":[{"Key":"Account","Value":"12345"},{"Key":"Driver","Value":"Aram"}]}',
    });
  });

  it('without a parsed account shows an empty one rather than inventing it', () => {
    const req = request('{}', { 'content-type': 'application/json', nonce });
    const answer = adapter.render({ kind: 'check_ok', driverId: 'd' }, undefined, req, wallet);
    expect(answer.body).toBe('{"Debt":0,"Properties":[{"Key":"Account","Value":""}]}');
    expect(answer.headers.Authorization).toBe(`HMAC ${hmacBase64(AM_TEST_HMAC_KEY, `0${nonce}`)}`);
  });
});
