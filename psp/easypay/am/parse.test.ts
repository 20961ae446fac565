import { createEasypayAdapter } from '..';
import { amWallet, signedAm } from '../fixtures/http';
import { AM_SAMPLES } from '../fixtures/samples';

const adapter = createEasypayAdapter();
const { nonce } = AM_SAMPLES.payment;
const oneInput = (body: string) => body.replace(/,\n\s*\{ "TechnicalIndex": 2[^}]*\}/, '');

describe('parseAm: the context an answer is built from', () => {
  it('an inquiry carries its Nonce, endpoint, BalanceInquiryId as trace and the account', () => {
    expect(adapter.parse(signedAm(AM_SAMPLES.inquiry.body, nonce), amWallet({ accountInputType: 1 }))).toStrictEqual({
      ok: true,
      command: { kind: 'check', account: '12345' },
      context: { product: 'am', nonce, endpoint: 'balance-inquiry', traceId: '12345', account: '12345' },
    });
  });

  it('a payment is traced by its OrderId, not its BalanceInquiryId', () => {
    const parsed = adapter.parse(signedAm(AM_SAMPLES.payment.body, nonce), amWallet({ accountInputType: 1 }));
    expect(parsed.context).toStrictEqual({
      product: 'am',
      nonce,
      endpoint: 'payments',
      traceId: '434dd03f-ede8-4e55-b71f-f81cb4120cba',
      account: '12345',
    });
  });
});

describe('parseAm: whose call and which input', () => {
  it('accepts a call for the MerchantServiceIdentifierId the wallet names', () => {
    const wallet = amWallet({ accountInputType: 1, merchantServiceIdentifierId: '67890' });
    expect(adapter.parse(signedAm(AM_SAMPLES.inquiry.body, nonce), wallet)).toMatchObject({
      ok: true,
      command: { kind: 'check', account: '12345' },
    });
  });

  it('without accountInputType a call with exactly one input names the driver by it', () => {
    const body = oneInput(AM_SAMPLES.inquiry.body);
    expect(adapter.parse(signedAm(body, nonce), amWallet())).toMatchObject({
      ok: true,
      command: { kind: 'check', account: '12345' },
    });
  });

  it.each([
    [
      'another MerchantServiceIdentifierId',
      amWallet({ merchantServiceIdentifierId: '1' }),
      AM_SAMPLES.inquiry.body,
      'forbidden',
      'MerchantServiceIdentifierId is not ours',
    ],
    [
      'two inputs and no accountInputType',
      amWallet(),
      AM_SAMPLES.inquiry.body,
      'bad_request',
      'cannot tell which input is the account',
    ],
    [
      'no input of the chosen type',
      amWallet({ accountInputType: 7 }),
      AM_SAMPLES.inquiry.body,
      'bad_request',
      'cannot tell which input is the account',
    ],
    [
      'an amount with three decimals',
      amWallet({ accountInputType: 1 }),
      AM_SAMPLES.payment.body.replace('500.75', '500.755'),
      'bad_amount',
      'amount must be a decimal with at most the currency minor digits',
    ],
  ])('refuses %s with the reason and message ops read', (_label, wallet, body, reason, message) => {
    expect(adapter.parse(signedAm(body, nonce), wallet)).toMatchObject({ ok: false, reason, message });
  });
});
