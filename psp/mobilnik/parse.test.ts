import { pspRequest } from '../osmp/fixtures/http';
import type { PspRequest, WalletContext } from '../types';
import { readPostback } from './parse';
import { MOBILNIK_SAMPLES, TEST_SELLER_SECRET } from './fixtures/samples';
import { DURING_SAMPLE, orderRequest, postbackToken } from './fixtures/tokens';

const wallet = (settings: Record<string, unknown> = {}): WalletContext => ({
  id: 'w1',
  parkId: 'p1',
  psp: 'mobilnik',
  currency: 'KGS',
  settings: { channel: 'web', ...settings },
  credentials: { sellerSecret: TEST_SELLER_SECRET },
});
const post = (body: string | Buffer, method = 'POST'): PspRequest =>
  pspRequest('/psp/mobilnik/***', { method, body, contentType: 'text/plain' });
const read = async (claims: Parameters<typeof postbackToken>[0], settings: Record<string, unknown> = {}) =>
  readPostback(post(await postbackToken(claims)), wallet(settings), DURING_SAMPLE);
const samplePay = { kind: 'pay', pspTxnId: '771234', account: 'DRV000123', amountMinor: 2550n };

describe('readPostback refusals, as ops read them in the logs', () => {
  it.each([
    ['no response', { response: undefined }, {}, 'bad_request', 'request and response.orderId are required'],
    ['a request that is text', { request: 'x' }, {}, 'bad_request', 'request and response.orderId are required'],
    [
      'a request that is a list',
      { request: [orderRequest({})] },
      {},
      'bad_request',
      'request and response.orderId are required',
    ],
    ['a request that is null', { request: null }, {}, 'bad_request', 'request and response.orderId are required'],
    ['a test payment', { request: orderRequest({ test: true }) }, {}, 'forbidden', 'test payments are not credited'],
    [
      'another currency',
      { request: orderRequest({ currencyCode: 'USD' }) },
      {},
      'bad_request',
      'currencyCode must be KGS',
    ],
    ['no driver', { request: orderRequest({ sellerData: {} }) }, {}, 'bad_account', 'sellerData names no driver'],
    [
      'a totalSum that is no number',
      { request: orderRequest({ totalSum: true }) },
      {},
      'bad_amount',
      'totalSum must be a number',
    ],
    [
      'a totalSum of three decimals',
      { request: orderRequest({ totalSum: 25.555 }) },
      {},
      'bad_amount',
      'totalSum is not an amount',
    ],
    ['a zero totalSum', { request: orderRequest({ totalSum: 0 }) }, {}, 'amount_too_small', 'totalSum below minimum'],
    [
      'a negative orderId',
      { response: { orderId: -5 } },
      {},
      'bad_request',
      'request and response.orderId are required',
    ],
  ] as const)('%s', async (_name, claims, settings, reason, message) => {
    expect(await read(claims, settings)).toStrictEqual({ ok: false, reason, message });
  });

  it('refuses a GET even when it carries a valid postback', () => {
    expect(readPostback(post(MOBILNIK_SAMPLES.postback.body, 'GET'), wallet(), DURING_SAMPLE)).toStrictEqual({
      ok: false,
      reason: 'bad_request',
      message: 'the postback is a POST',
    });
  });
});

describe('readPostback reads', () => {
  it('orderId 0 as the order "0"', async () => {
    expect(await read({ response: { orderId: 0 } })).toStrictEqual({
      ok: true,
      value: { ...samplePay, pspTxnId: '0' },
    });
  });

  it('a token with the line break and spaces a client may add around it', () => {
    const body = ` ${MOBILNIK_SAMPLES.postback.body}\r\n`;
    expect(readPostback(post(body), wallet(), DURING_SAMPLE)).toStrictEqual({ ok: true, value: samplePay });
  });
});
