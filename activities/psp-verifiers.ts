import type { Config } from '../config';
import { createPaystackClient, type PaystackClient } from '../psp/paystack/client';
import type { PaymentInput } from '../workflows/payment-types';
import type { PspVerifier } from './payment';

/** Deps the PSP verifiers load credentials and reach PSP APIs with. */
export interface PspVerifierDeps {
  /** Decrypted credentials of a wallet; loaded inside the activity, never passed through workflow history. */
  credentials(parkId: string, walletId: string): Promise<Record<string, string>>;
  config: Pick<Config, 'PAYSTACK_API_URL' | 'NEIGHBOUR_TIMEOUT_MS'>;
}

/** PSPs whose notifications are confirmed with their own API before crediting, by PSP code. */
export function createPspVerifiers({ credentials, config }: PspVerifierDeps): Record<string, PspVerifier> {
  const paystack = createPaystackClient({ baseUrl: config.PAYSTACK_API_URL, timeoutMs: config.NEIGHBOUR_TIMEOUT_MS });
  return { paystack: paystackVerifier(paystack, credentials) };
}

/**
 * Value only when Paystack's verify says `success` for exactly our amount and currency (§8). A wrong answer is a
 * verdict; an unreachable Paystack (or a key it refuses) throws, so the activity retries until it can ask.
 */
export function paystackVerifier(paystack: PaystackClient, credentials: PspVerifierDeps['credentials']): PspVerifier {
  return async (input: PaymentInput) => {
    const { secretKey } = await credentials(input.parkId, input.walletId);
    if (!secretKey) throw new Error('the wallet has no Paystack secretKey to verify with');
    const answer = await paystack.verifyTransaction(secretKey, input.pspTxnId);
    if (!answer.found) return { verified: false, reason: 'Paystack does not know the reference' };
    const t = answer.transaction;
    if (t.status !== 'success') return { verified: false, reason: `Paystack status is ${t.status}` };
    if (t.reference !== input.pspTxnId) return { verified: false, reason: 'Paystack answered for another reference' };
    if (t.amountMinor !== BigInt(input.amountMinor) || t.currency !== input.currency) {
      return {
        verified: false,
        reason: `Paystack charged ${t.amountMinor} ${t.currency}, not ${input.amountMinor} ${input.currency}`,
      };
    }
    return { verified: true };
  };
}
