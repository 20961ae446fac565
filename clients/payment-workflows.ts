import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { payment } from '../workflows/payment';
import type { paymentReversal } from '../workflows/payment-reversal';
import { reversalWorkflowId, type PaymentInput } from '../workflows/payment-types';
import type { TransactionRecord, TransactionStore } from '../storage/transactions';

/** PSPs drop a call after 8–60 s: a Temporal that does not answer in this is "retry later", not a hung PSP call. */
const TEMPORAL_CALL_DEADLINE_MS = 4000;

/**
 * Starting and signalling a transaction's workflows in Temporal. Workflow ids derive from the transaction, and a
 * start joins a running workflow, so every caller (the gateway, a PSP retry, the sweep) converges on one of each.
 */
export function createPaymentWorkflows(
  temporal: Client,
  taskQueue: string,
  transactions: Pick<TransactionStore, 'markWorkflowStarted'>,
) {
  const inTime = <T>(call: () => Promise<T>) =>
    temporal.connection.withDeadline(Date.now() + TEMPORAL_CALL_DEADLINE_MS, call);

  async function startOnce(
    workflow: 'payment' | 'paymentReversal',
    workflowId: string,
    t: TransactionRecord,
  ): Promise<void> {
    try {
      await inTime(() =>
        temporal.workflow.start<typeof payment | typeof paymentReversal>(workflow, {
          taskQueue,
          workflowId,
          args: [paymentInput(t)],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  return {
    /** Starts the payment's workflow unless the payment is final or its start was already seen; records the start. */
    async ensurePayment(t: TransactionRecord): Promise<void> {
      if (t.state !== 'accepted' || t.workflowStarted) return;
      await startOnce('payment', t.workflowId, t);
      await transactions.markWorkflowStarted(t.parkId, t.id);
    },

    startReversal: (t: TransactionRecord) =>
      startOnce('paymentReversal', reversalWorkflowId(t.walletId, t.pspTxnId), t),

    /** Signals the running payment; false when it has already finished. */
    async signal(t: TransactionRecord, name: 'confirm' | 'cancel'): Promise<boolean> {
      try {
        await inTime(() => temporal.workflow.getHandle(t.workflowId).signal(name));
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },
  };
}

export type PaymentWorkflows = ReturnType<typeof createPaymentWorkflows>;

export function paymentInput(t: TransactionRecord): PaymentInput {
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
    hold: t.hold,
    verifyWithPsp: t.verifyWithPsp,
  };
}
