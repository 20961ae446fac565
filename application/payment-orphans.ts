import { WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import type { TransactionRecord } from '../storage/transactions';
import { startPaymentWorkflow } from './payment-workflows';

/** What Temporal knows of a payment's workflow: the status of its latest run, or that it has none. */
export type PaymentRunStatus = WorkflowExecutionStatusName | 'NOT_FOUND';

/** Asks Temporal about the workflow of a payment the database still calls `accepted`, and runs it again. */
export function createPaymentOrphans(temporal: Client, taskQueue: string) {
  return {
    async runStatus(t: TransactionRecord): Promise<PaymentRunStatus> {
      try {
        return (await temporal.workflow.getHandle(t.workflowId).describe()).status.name;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'NOT_FOUND';
        throw err;
      }
    },

    /**
     * A new run under the payment's own id. Payment starts elsewhere refuse any reuse of the id; here a closed run
     * that did not complete (terminated, timed out) may be followed, while a completed one still refuses: false then.
     */
    restart: (t: TransactionRecord): Promise<boolean> =>
      startPaymentWorkflow(temporal, taskQueue, {
        workflow: 'payment',
        workflowId: t.workflowId,
        t,
        reuse: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }),
  };
}

export type PaymentOrphans = ReturnType<typeof createPaymentOrphans>;
