import { AM_SAMPLES } from '../fixtures/samples';
import { request } from '../fixtures/http';
import { readAmRequest, signingString } from './request';

const inquiry = (fields: Record<string, unknown>) =>
  JSON.stringify({
    BalanceInquiryId: 12345,
    MerchantServiceIdentifierId: 67890,
    Inputs: [{ Type: 1, Value: '12345', TechnicalIndex: 1 }],
    ...fields,
  });
const payment = (fields: Record<string, unknown>) => inquiry({ OrderId: 'order-1', Amount: 500.75, ...fields });
const input = (fields: Record<string, unknown> = {}) => ({ Type: 1, Value: '12345', TechnicalIndex: 1, ...fields });
const INPUTS_MESSAGE = 'must be 1 to 20 items of {Type, Value, TechnicalIndex}';

describe('readAmRequest: ping', () => {
  it.each([
    ['GET without a path', request('', {}, 'GET')],
    ['POST to /api/ping, whatever the body', request('not json', {}, 'POST', '/psp/easypay/***/api/ping')],
  ])('%s is a ping with no ids', (_label, req) => {
    expect(readAmRequest(req)).toStrictEqual({
      ok: true,
      request: {
        endpoint: 'ping',
        merchantServiceIdentifierId: '',
        balanceInquiryId: '',
        inputs: [],
        orderId: '',
        amount: '',
      },
    });
  });
});

describe('readAmRequest: well-formed calls keep numbers as sent', () => {
  it('an inquiry has no OrderId and no Amount', () => {
    expect(readAmRequest(request(inquiry({})))).toStrictEqual({
      ok: true,
      request: {
        endpoint: 'balance-inquiry',
        merchantServiceIdentifierId: '67890',
        balanceInquiryId: '12345',
        inputs: [{ type: '1', value: '12345', technicalIndex: '1' }],
        orderId: '',
        amount: '',
      },
    });
  });

  it.each([
    ['absent', payment({ BalanceInquiryId: undefined })],
    ['null', payment({ BalanceInquiryId: null })],
  ])('a payment whose BalanceInquiryId is %s signs it as empty', (_label, body) => {
    const read = readAmRequest(request(body));
    expect(read).toStrictEqual({
      ok: true,
      request: {
        endpoint: 'payments',
        merchantServiceIdentifierId: '67890',
        balanceInquiryId: '',
        inputs: [{ type: '1', value: '12345', technicalIndex: '1' }],
        orderId: 'order-1',
        amount: '500.75',
      },
    });
    expect(read.ok && signingString(read.request, 'N')).toBe('order-1500.75678901:12345:1:N');
  });

  it('takes up to 20 inputs', () => {
    const inputs = Array.from({ length: 20 }, (_, i) => input({ TechnicalIndex: i + 1 }));
    const read = readAmRequest(request(inquiry({ Inputs: inputs })));
    expect(read.ok && read.request.inputs).toHaveLength(20);
  });

  it('the inquiry signing string has no OrderId or Amount in front', () => {
    const read = readAmRequest(request(AM_SAMPLES.hmacExample.body));
    expect(read.ok && signingString(read.request, AM_SAMPLES.hmacExample.nonce)).toBe(
      AM_SAMPLES.hmacExample.signingString,
    );
  });
});

describe('readAmRequest: each malformed field is named with what it must be', () => {
  const twentyOne = Array.from({ length: 21 }, (_, i) => input({ TechnicalIndex: i + 1 }));
  it.each([
    ['not JSON', '{"OrderId":', undefined, 'body', 'body must be a JSON object'],
    ['a JSON array', '[1]', undefined, 'body', 'body must be a JSON object'],
    [
      'MerchantServiceIdentifierId as text',
      inquiry({ MerchantServiceIdentifierId: '67890' }),
      'balance-inquiry',
      'MerchantServiceIdentifierId',
      'must be an integer',
    ],
    [
      'MerchantServiceIdentifierId with a fraction',
      inquiry({ MerchantServiceIdentifierId: 1.5 }),
      'balance-inquiry',
      'MerchantServiceIdentifierId',
      'must be an integer',
    ],
    [
      'an inquiry without BalanceInquiryId',
      inquiry({ BalanceInquiryId: undefined }),
      'balance-inquiry',
      'BalanceInquiryId',
      'must be an integer',
    ],
    [
      'an inquiry with a null BalanceInquiryId',
      inquiry({ BalanceInquiryId: null }),
      'balance-inquiry',
      'BalanceInquiryId',
      'must be an integer',
    ],
    [
      'a payment with BalanceInquiryId as text',
      payment({ BalanceInquiryId: 'x' }),
      'payments',
      'BalanceInquiryId',
      'must be an integer',
    ],
    ['no inputs', inquiry({ Inputs: [] }), 'balance-inquiry', 'Inputs', INPUTS_MESSAGE],
    ['21 inputs', inquiry({ Inputs: twentyOne }), 'balance-inquiry', 'Inputs', INPUTS_MESSAGE],
    ['an input Type as text', inquiry({ Inputs: [input({ Type: '1' })] }), 'balance-inquiry', 'Inputs', INPUTS_MESSAGE],
    [
      'an input TechnicalIndex as text',
      inquiry({ Inputs: [input({ TechnicalIndex: '1' })] }),
      'balance-inquiry',
      'Inputs',
      INPUTS_MESSAGE,
    ],
    [
      'an input Type with a fraction',
      inquiry({ Inputs: [input({ Type: 1.5 })] }),
      'balance-inquiry',
      'Inputs',
      INPUTS_MESSAGE,
    ],
    [
      'an input TechnicalIndex with a fraction',
      inquiry({ Inputs: [input({ TechnicalIndex: 1.5 })] }),
      'balance-inquiry',
      'Inputs',
      INPUTS_MESSAGE,
    ],
    [
      'a payment OrderId with a space',
      payment({ OrderId: 'a b' }),
      'payments',
      'OrderId',
      'must be 1 to 64 letters, digits or _.:-',
    ],
    ['a payment Amount as text', payment({ Amount: '500.75' }), 'payments', 'Amount', 'must be a number'],
  ])('%s', (_label, body, endpoint, field, message) => {
    expect(readAmRequest(request(body))).toStrictEqual({ ok: false, endpoint, field, message });
  });
});
