import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { payment } from '../workflows/payment';
import { paymentWorkflowId, type PaymentInput } from '../workflows/payment-types';
import type { PayCommand, Outcome, WalletContext } from '../psp/types';
import type { TransactionRecord, TransactionStore } from '../storage/transactions';

export interface PaymentIntakeDeps {
  transactions: TransactionStore;
  temporal: Client;
  taskQueue: string;
}

/**
 * Durable acceptance of a PAY: one transaction row per (park, wallet, PSP txn id) and one PaymentWorkflow whose id
 * is derived from the same key. Any repeat (PSP retry, our crash in between, 50 at once) converges on both, and the
 * answer is built from the stored row, so it is the same every time.
 */
export function createPaymentIntake({ transactions, temporal, taskQueue }: PaymentIntakeDeps) {
  async function ensureWorkflow(t: TransactionRecord): Promise<void> {
    if (t.state !== 'accepted') return;
    try {
      await temporal.workflow.start<typeof payment>('payment', {
        taskQueue,
        workflowId: t.workflowId,
        args: [toInput(t)],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  return {
    /** The stored transaction for a repeated PAY, if any. */
    existing: (wallet: WalletContext, pspTxnId: string) => transactions.byKey(wallet.parkId, wallet.id, pspTxnId),

    /** Answer for a repeat: the original, unless the PSP reuses its id for a different payment. */
    async replay(t: TransactionRecord, cmd: PayCommand): Promise<Outcome> {
      if (t.driverId !== cmd.account || t.amountMinor !== cmd.amountMinor) {
        return { kind: 'refused', reason: 'conflict', message: 'transaction id already used for another payment' };
      }
      await ensureWorkflow(t);
      return accepted(t, true);
    },

    async accept(wallet: WalletContext, cmd: PayCommand): Promise<Outcome> {
      const { transaction, created } = await transactions.accept({
        parkId: wallet.parkId,
        walletId: wallet.id,
        psp: wallet.psp,
        pspTxnId: cmd.pspTxnId,
        driverId: cmd.account,
        amountMinor: cmd.amountMinor,
        currency: wallet.currency,
        pspPaidAt: cmd.paidAt ?? null,
        workflowId: paymentWorkflowId(wallet.id, cmd.pspTxnId),
      });
      if (!created) return this.replay(transaction, cmd);
      await ensureWorkflow(transaction);
      return accepted(transaction, false);
    },
  };
}

export type PaymentIntake = ReturnType<typeof createPaymentIntake>;

const accepted = (t: TransactionRecord, repeat: boolean): Outcome => ({
  kind: 'pay_accepted',
  prvTxn: t.id.toString(),
  pspTxnId: t.pspTxnId,
  amountMinor: t.amountMinor,
  currency: t.currency,
  repeat,
});

function toInput(t: TransactionRecord): PaymentInput {
  return {
    transactionId: t.id.toString(),
    parkId: t.parkId,
    walletId: t.walletId,
    psp: t.psp,
    pspTxnId: t.pspTxnId,
    driverId: t.driverId,
    amountMinor: t.amountMinor.toString(),
    currency: t.currency,
    acceptedAt: t.createdAt.toISOString(),
  };
}
