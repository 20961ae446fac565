import type { CredentialsLoader, PaymentVerifier } from '../manifest';
import type { PaystackClient } from './client';

/**
 * Value only when Paystack's verify says `success` for exactly our amount and currency (see README). A wrong answer is a
 * verdict; an unreachable Paystack (or a key it refuses) throws, so the activity retries until it can ask.
 */
export function paystackVerifier(paystack: PaystackClient, credentials: CredentialsLoader): PaymentVerifier {
  return async (payment) => {
    const { secretKey } = await credentials(payment.parkId, payment.walletId);
    if (!secretKey) throw new Error('the wallet has no Paystack secretKey to verify with');
    const answer = await paystack.verifyTransaction(secretKey, payment.pspTxnId);
    if (!answer.found) return { verified: false, reason: 'Paystack does not know the reference' };
    const t = answer.transaction;
    if (t.status !== 'success') return { verified: false, reason: `Paystack status is ${t.status}` };
    if (t.reference !== payment.pspTxnId) return { verified: false, reason: 'Paystack answered for another reference' };
    if (t.amountMinor !== BigInt(payment.amountMinor) || t.currency !== payment.currency) {
      return {
        verified: false,
        reason: `Paystack charged ${t.amountMinor} ${t.currency}, not ${payment.amountMinor} ${payment.currency}`,
      };
    }
    return { verified: true };
  };
}
