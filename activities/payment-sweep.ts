import type { PaymentWorkflows } from '../application/payment-workflows';
import type { TransactionStore } from '../storage/transactions';

export interface PaymentSweepDeps {
  transactions: TransactionStore;
  workflows: PaymentWorkflows;
}

/**
 * The gateway answers a PAY only after its workflow started; but when Temporal was down at that moment the PSP got a
 * "retry" and may never retry. The row is there: the sweep starts (or joins) its workflow, so no accepted payment is
 * left behind whatever the PSP does.
 */
export function createPaymentSweepActivities({ transactions, workflows }: PaymentSweepDeps) {
  return {
    async resumeStalledPayments(olderThanSeconds: number, limit: number): Promise<number> {
      const stalled = await transactions.stalled(new Date(Date.now() - olderThanSeconds * 1000), limit);
      for (const t of stalled) await workflows.ensurePayment(t);
      return stalled.length;
    },
  };
}

export type PaymentSweepActivities = ReturnType<typeof createPaymentSweepActivities>;
