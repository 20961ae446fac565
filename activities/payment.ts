import { ApplicationFailure } from '@temporalio/activity';
import type { BillingClient } from '../clients/billing';
import type { FleetTransactionCategory, FleetTransactionsClient } from '../clients/fleet-transactions';
import { NeighbourRejectedError } from '../clients/errors';
import type { PaymentAttentionStore } from '../storage/payment-attention';
import type { TransactionStore } from '../storage/transactions';
import {
  BUSINESS_REJECTION,
  paymentIdempotencyKey,
  reversalIdempotencyKey,
  type PaymentInput,
  type PaymentState,
} from '../domain/payment';

/** Asks a PSP's own API whether a payment it notified us of really happened, with the amount it claims. */
export type PspVerifier = (input: PaymentInput) => Promise<{ verified: true } | { verified: false; reason: string }>;

export interface PaymentDeps {
  billing: BillingClient;
  fleetTransactions: FleetTransactionsClient;
  transactions: TransactionStore;
  /** Where a payment billing refused is put for ops; without it the refusal only ends the payment `rejected`. */
  attention?: Pick<PaymentAttentionStore, 'flag'>;
  /** By PSP code; a payment that asks for verification with a PSP missing here is rejected. */
  pspVerifiers?: Readonly<Record<string, PspVerifier>>;
}

const describe = (input: PaymentInput) => `Top-up via ${input.psp}, PSP transaction ${input.pspTxnId}`;
const reject = (message: string) => ApplicationFailure.nonRetryable(message, BUSINESS_REJECTION);

export function createPaymentActivities({
  billing,
  fleetTransactions,
  transactions,
  attention,
  pspVerifiers = {},
}: PaymentDeps) {
  return {
    async verifyWithPsp(input: PaymentInput): Promise<void> {
      const verify = pspVerifiers[input.psp];
      if (!verify) throw reject(`no verification with ${input.psp} is available`);
      const verdict = await verify(input);
      if (!verdict.verified) throw reject(`the PSP does not confirm the payment: ${verdict.reason}`);
    },

    async creditDriver(input: PaymentInput): Promise<void> {
      try {
        await billing.credit({
          parkId: input.parkId,
          driverId: input.driverId,
          amountMinor: BigInt(input.amountMinor),
          currency: input.currency,
          idempotencyKey: paymentIdempotencyKey(input),
          description: describe(input),
        });
      } catch (err) {
        if (!(err instanceof NeighbourRejectedError)) throw err;
        // The PSP was told the payment succeeded: the driver paid and got nothing, so a person must finish it.
        const reason = `${err.code}: ${err.message}`;
        await attention?.flag(input.parkId, BigInt(input.transactionId), `billing refused the credit: ${reason}`);
        throw reject(reason);
      }
    },

    async reverseCredit(input: PaymentInput): Promise<void> {
      try {
        await billing.reverse({
          creditIdempotencyKey: paymentIdempotencyKey(input),
          idempotencyKey: reversalIdempotencyKey(input),
          description: `Cancelled by ${input.psp}, PSP transaction ${input.pspTxnId}`,
        });
      } catch (err) {
        // Reversed already (under whatever key): the goal holds. Any other refusal needs a person: fail visibly.
        if (err instanceof NeighbourRejectedError && err.code === 'already_reversed') return;
        if (err instanceof NeighbourRejectedError) throw reject(`${err.code}: ${err.message}`);
        throw err;
      }
    },

    async recordFleetTransaction(input: PaymentInput, category: FleetTransactionCategory): Promise<void> {
      const reversal = category === 'partner_service_payment_reversal';
      await fleetTransactions.record({
        parkId: input.parkId,
        driverId: input.driverId,
        amountMinor: BigInt(input.amountMinor),
        currency: input.currency,
        category,
        idempotencyKey: reversal ? reversalIdempotencyKey(input) : paymentIdempotencyKey(input),
        description: reversal ? `Cancelled by ${input.psp}, PSP transaction ${input.pspTxnId}` : describe(input),
        eventAt: new Date(input.acceptedAt),
      });
    },

    async transactionState(input: PaymentInput): Promise<PaymentState> {
      const t = await transactions.get(input.parkId, BigInt(input.transactionId));
      if (!t) throw reject('no such transaction');
      return t.state;
    },

    async finishTransaction(
      input: PaymentInput,
      state: 'processed' | 'rejected',
      reason?: string,
      reversal = false,
    ): Promise<PaymentState> {
      return transactions.finish(input.parkId, BigInt(input.transactionId), state, reason, { reversal });
    },
  };
}

export type PaymentActivities = ReturnType<typeof createPaymentActivities>;
