import { randomUUID } from 'node:crypto';
import type { NotifiedPayment } from '../manifest';
import { createPaystackClient } from './client';
import { startPaystack } from './stand-in';
import { paystackVerifier } from './verifier';

// Paystack's verify over real HTTP: the client against the Paystack stand-in, which speaks its API contract.
let paystack: Awaited<ReturnType<typeof startPaystack>>;
beforeAll(async () => {
  paystack = await startPaystack(0, { host: '127.0.0.1' });
});
afterAll(() => paystack.close());

const payment: NotifiedPayment = {
  parkId: 'park-1',
  walletId: 'wallet-1',
  pspTxnId: 'TOPUP-2024-000123',
  amountMinor: '500000',
  currency: 'NGN',
};

interface Charge {
  reference: string;
  amount: number;
  currency: string;
  status: 'success' | 'failed' | 'abandoned' | 'ongoing' | 'pending' | 'reversed';
}
const charged: Charge = { reference: payment.pspTxnId, amount: 500000, currency: 'NGN', status: 'success' };

/** A wallet key of its own per test, so one test's charges are invisible to the next; `charge` is what Paystack holds. */
async function verifierFor(charge: Partial<Charge> | 'none', credentials?: Record<string, string>) {
  const secretKey = `sk_test_${randomUUID().replace(/-/g, '')}`;
  const seed = charge === 'none' ? { ...charged, reference: 'SOME-OTHER-REFERENCE' } : { ...charged, ...charge };
  const res = await fetch(`${paystack.url}/_control/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret_key: secretKey, ...seed, metadata: { driver_id: '123' } }),
  });
  expect(res.status).toBe(204);
  const client = createPaystackClient({ baseUrl: paystack.url, timeoutMs: 5000 });
  return paystackVerifier(client, () => Promise.resolve(credentials ?? { secretKey }));
}

it('vouches for a success of exactly our reference, amount and currency, asked under the wallet key', async () => {
  expect(await (await verifierFor({}))(payment)).toStrictEqual({ verified: true });
});

it.each<[string, Partial<Charge> | 'none', string]>([
  ['an unknown reference', 'none', 'Paystack does not know the reference'],
  ['an abandoned charge', { status: 'abandoned' }, 'Paystack status is abandoned'],
  ['a failed charge', { status: 'failed' }, 'Paystack status is failed'],
  ['another amount', { amount: 500001 }, 'Paystack charged 500001 NGN, not 500000 NGN'],
  ['another currency', { currency: 'GHS' }, 'Paystack charged 500000 GHS, not 500000 NGN'],
])('refuses %s and says why', async (_case, charge, reason) => {
  expect(await (await verifierFor(charge))(payment)).toStrictEqual({ verified: false, reason });
});

it('asks under the wallet key: a charge under another key is unknown to it', async () => {
  const verify = await verifierFor({}, { secretKey: 'sk_test_another_wallet' });
  await expect(verify(payment)).rejects.toThrow();
});

it('throws without a secret key, so the activity retries instead of rejecting the payment', async () => {
  const verify = await verifierFor({}, {});
  await expect(verify(payment)).rejects.toThrow(new Error('the wallet has no Paystack secretKey to verify with'));
});
