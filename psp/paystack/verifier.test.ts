import type { NotifiedPayment } from '../manifest';
import type { PaystackClient, PaystackTransaction, VerifyAnswer } from './client';
import { paystackVerifier } from './verifier';

const payment: NotifiedPayment = {
  parkId: 'park-1',
  walletId: 'wallet-1',
  pspTxnId: 'TOPUP-2024-000123',
  amountMinor: '500000',
  currency: 'NGN',
};
const charged: PaystackTransaction = {
  status: 'success',
  reference: 'TOPUP-2024-000123',
  amountMinor: 500000n,
  currency: 'NGN',
  metadata: { driver_id: '123' },
};

/** Paystack's verify as the client reports it; the HTTP side of the client is the integration suite's. */
function verifierAnswering(answer: VerifyAnswer, credentials: Record<string, string> = { secretKey: 'sk_test_v' }) {
  const asked: Array<[string, string]> = [];
  const paystack = {
    verifyTransaction: (secretKey: string, reference: string) => {
      asked.push([secretKey, reference]);
      return Promise.resolve(answer);
    },
  } as Partial<PaystackClient> as PaystackClient;
  return { verify: paystackVerifier(paystack, () => Promise.resolve(credentials)), asked };
}
const transaction = (t: Partial<PaystackTransaction>): VerifyAnswer => ({
  found: true,
  transaction: { ...charged, ...t },
});

it('vouches for a success of exactly our reference, amount and currency, asked under the wallet key', async () => {
  const { verify, asked } = verifierAnswering(transaction({}));
  expect(await verify(payment)).toStrictEqual({ verified: true });
  expect(asked).toEqual([['sk_test_v', 'TOPUP-2024-000123']]);
});

it.each<[string, VerifyAnswer, string]>([
  ['an unknown reference', { found: false }, 'Paystack does not know the reference'],
  ['an abandoned charge', transaction({ status: 'abandoned' }), 'Paystack status is abandoned'],
  ['a failed charge', transaction({ status: 'failed' }), 'Paystack status is failed'],
  ['another reference', transaction({ reference: 'TOPUP-2024-000124' }), 'Paystack answered for another reference'],
  ['another amount', transaction({ amountMinor: 500001n }), 'Paystack charged 500001 NGN, not 500000 NGN'],
  ['another currency', transaction({ currency: 'GHS' }), 'Paystack charged 500000 GHS, not 500000 NGN'],
])('refuses %s and says why', async (_case, answer, reason) => {
  expect(await verifierAnswering(answer).verify(payment)).toStrictEqual({ verified: false, reason });
});

it('throws without a secret key, so the activity retries instead of rejecting the payment', async () => {
  const { verify, asked } = verifierAnswering(transaction({}), {});
  await expect(verify(payment)).rejects.toThrow(new Error('the wallet has no Paystack secretKey to verify with'));
  expect(asked).toEqual([]);
});
