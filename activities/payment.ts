import { ApplicationFailure } from '@temporalio/activity';
import type { BillingClient } from '../clients/billing';
import type { FleetTransactionsClient } from '../clients/fleet-transactions';
import { NeighbourRejectedError } from '../clients/errors';
import type { TransactionStore } from '../storage/transactions';
import { BUSINESS_REJECTION, paymentIdempotencyKey, type PaymentInput, type PaymentState } from '../workflows/payment-types';

export interface PaymentDeps {
  billing: BillingClient;
  fleetTransactions: FleetTransactionsClient;
  transactions: TransactionStore;
}

const describe = (input: PaymentInput) => `Top-up via ${input.psp}, PSP transaction ${input.pspTxnId}`;

export function createPaymentActivities({ billing, fleetTransactions, transactions }: PaymentDeps) {
  return {
    async creditDriver(input: PaymentInput): Promise<void> {
      await refusalsAreFinal(() =>
        billing.credit({
          parkId: input.parkId,
          driverId: input.driverId,
          amountMinor: BigInt(input.amountMinor),
          currency: input.currency,
          idempotencyKey: paymentIdempotencyKey(input),
          description: describe(input),
        }),
      );
    },

    async recordFleetTransaction(input: PaymentInput): Promise<void> {
      await fleetTransactions.record({
        parkId: input.parkId,
        driverId: input.driverId,
        amountMinor: BigInt(input.amountMinor),
        currency: input.currency,
        idempotencyKey: paymentIdempotencyKey(input),
        description: describe(input),
        eventAt: new Date(input.acceptedAt),
      });
    },

    async finishTransaction(input: PaymentInput, state: 'processed' | 'rejected', reason?: string): Promise<PaymentState> {
      return transactions.finish(input.parkId, BigInt(input.transactionId), state, reason);
    },
  };
}

export type PaymentActivities = ReturnType<typeof createPaymentActivities>;

async function refusalsAreFinal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof NeighbourRejectedError) {
      throw ApplicationFailure.nonRetryable(`${err.code}: ${err.message}`, BUSINESS_REJECTION);
    }
    throw err;
  }
}
