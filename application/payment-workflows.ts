import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowIdReusePolicy,
} from '@temporalio/client';
import {
  CANCEL_UPDATE,
  CONFIRM_UPDATE,
  reversalWorkflowId,
  type CancelVerdict,
  type ConfirmVerdict,
  type PaymentInput,
} from '../domain/payment';
import type { TransactionRecord, TransactionStore } from '../storage/transactions';
import type { payment } from '../workflows/payment';
import type { paymentReversal } from '../workflows/payment-reversal';

/** PSPs drop a call after 8–60 s: a Temporal that does not answer in this is "retry later", not a hung PSP call. */
const TEMPORAL_CALL_DEADLINE_MS = 4000;

/**
 * A transaction's workflows and the storage writes that go with them. Workflow ids derive from the transaction, a
 * start joins a running workflow, and Update ids are fixed per request kind, so every caller (the gateway, a PSP
 * retry, the sweep) converges on one workflow of each kind and one answer to each request.
 */
export function createPaymentWorkflows(
  temporal: Client,
  taskQueue: string,
  transactions: Pick<TransactionStore, 'markWorkflowStarted' | 'get'>,
) {
  const inTime = <T>(call: () => Promise<T>) =>
    temporal.connection.withDeadline(Date.now() + TEMPORAL_CALL_DEADLINE_MS, call);

  const startOnce = (workflow: PaymentWorkflowName, workflowId: string, t: TransactionRecord) =>
    inTime(() => startPaymentWorkflow(temporal, taskQueue, { workflow, workflowId, t, reuse: 'REJECT_DUPLICATE' }));

  /** The running payment's verdict on the request; `finished` once its workflow has closed. */
  async function ask<V>(t: TransactionRecord, update: string): Promise<V | 'finished'> {
    try {
      return await inTime(() =>
        temporal.workflow.getHandle(t.workflowId).executeUpdate<V, []>(update, { updateId: update }),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'finished';
      throw err;
    }
  }

  const ensurePayment = async (t: TransactionRecord): Promise<void> => {
    if (t.state !== 'accepted' || t.workflowStarted) return;
    await startOnce('payment', t.workflowId, t);
    await transactions.markWorkflowStarted(t.parkId, t.id);
  };

  return {
    /** Starts the payment's workflow unless the payment is final or its start was already seen; records the start. */
    ensurePayment,

    /**
     * Hands a recorded cancel to the payment: its workflow drops or reverses it while running; once that workflow has
     * closed, a credited payment gets the reversal workflow. The row is read only after the close, so it is final: a
     * credit can no longer slip in between the read and the decision.
     */
    async cancel(t: TransactionRecord): Promise<CancelVerdict> {
      // Never started (Temporal was down at PAY): start it now so the cancel reaches it before any credit does.
      await ensurePayment(t);
      const verdict = await ask<CancelVerdict>(t, CANCEL_UPDATE);
      if (verdict === 'dropped' || verdict === 'will_reverse') return verdict;
      const now = await transactions.get(t.parkId, t.id);
      if (now?.state === 'processed')
        await startOnce('paymentReversal', reversalWorkflowId(t.walletId, t.pspTxnId), now);
      return 'already_finished';
    },

    /** Hands a PSP's confirm to a held payment; `too_late` when it is cancelled, rejected or past its hold. */
    async confirm(t: TransactionRecord): Promise<ConfirmVerdict> {
      await ensurePayment(t);
      let verdict: ConfirmVerdict | 'finished';
      try {
        verdict = await ask<ConfirmVerdict>(t, CONFIRM_UPDATE);
      } catch (err) {
        // The validator refuses a payment that is not held.
        if (err instanceof WorkflowUpdateFailedError) return 'too_late';
        throw err;
      }
      if (verdict !== 'finished') return verdict;
      const now = await transactions.get(t.parkId, t.id);
      return now?.state === 'processed' ? 'already_confirmed' : 'too_late';
    },
  };
}

export type PaymentWorkflows = ReturnType<typeof createPaymentWorkflows>;

type PaymentWorkflowName = 'payment' | 'paymentReversal';

export interface PaymentWorkflowStart {
  workflow: PaymentWorkflowName;
  workflowId: string;
  t: TransactionRecord;
  /** Whether a closed run's id may start again: the PSP's path never allows it, the orphan sweep after a failure. */
  reuse: WorkflowIdReusePolicy;
}

/**
 * Starts a transaction's workflow under its id, or joins the run already going: every caller converges on one run.
 * False when the reuse policy refuses a new run after a closed one.
 */
export async function startPaymentWorkflow(
  temporal: Client,
  taskQueue: string,
  { workflow, workflowId, t, reuse }: PaymentWorkflowStart,
): Promise<boolean> {
  try {
    await temporal.workflow.start<typeof payment | typeof paymentReversal>(workflow, {
      taskQueue,
      workflowId,
      args: [paymentInput(t)],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: reuse,
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

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
