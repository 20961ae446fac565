import { activityInfo, getClient, log } from '@temporalio/activity';
import { createPaymentOrphans, type PaymentOrphans, type PaymentRunStatus } from '../application/payment-orphans';
import type { PaymentWorkflows } from '../application/payment-workflows';
import type { PaymentAttentionStore } from '../storage/payment-attention';
import type { TransactionRecord, TransactionStore } from '../storage/transactions';

export interface PaymentSweepDeps {
  transactions: TransactionStore;
  workflows: PaymentWorkflows;
  /** Without it: the worker's own client, restarting runs on the task queue the sweep itself runs on (payments). */
  orphans?: PaymentOrphans;
  /** Where the payments it cannot restart are put for ops; without it they are only counted and logged. */
  attention?: Pick<PaymentAttentionStore, 'flag'>;
}

/** Closed without finishing the payment, and not by the payment's own decision: nothing in the run said stop. */
const RESTARTABLE: ReadonlySet<PaymentRunStatus> = new Set(['TERMINATED', 'TIMED_OUT', 'NOT_FOUND']);

/**
 * A new run is safe only when it would do what the lost run had left to do. It credits billing and records the top-up
 * under idempotency keys derived from the transaction, never from the run, so whatever the lost run already did is
 * answered from the neighbours' memory instead of done twice; and it finishes the row only from `accepted`. What a
 * new run cannot know is a PSP's cancel or confirm the lost run had received: those payments need a person.
 */
const safeToRestart = (t: TransactionRecord) => !t.cancelledAt && !(t.hold && t.confirmedAt);

/**
 * The gateway answers a PAY only after its workflow started; but when Temporal was down at that moment the PSP got a
 * "retry" and may never retry. The row is there: the sweep starts (or joins) its workflow, so no accepted payment is
 * left behind whatever the PSP does. A workflow can also go after it started (terminated by hand, lost to retention,
 * an id mix-up): the sweep asks Temporal, runs it again where that is safe and counts the rest.
 */
export function createPaymentSweepActivities({ transactions, workflows, orphans, attention }: PaymentSweepDeps) {
  return {
    async resumeStalledPayments(olderThanSeconds: number, limit: number): Promise<number> {
      const stalled = await transactions.stalled(new Date(Date.now() - olderThanSeconds * 1000), limit);
      for (const t of stalled) await workflows.ensurePayment(t);
      return stalled.length;
    },

    async restartOrphanedPayments(
      olderThanSeconds: number,
      limit: number,
    ): Promise<{ restarted: number; needsAttention: number }> {
      const temporal = orphans ?? createPaymentOrphans(getClient(), activityInfo().taskQueue);
      const waiting = await transactions.acceptedWithStartedWorkflow(
        new Date(Date.now() - olderThanSeconds * 1000),
        limit,
      );
      let restarted = 0;
      let needsAttention = 0;
      for (const t of waiting) {
        const status = await temporal.runStatus(t);
        if (status === 'RUNNING') continue;
        if (RESTARTABLE.has(status) && safeToRestart(t) && (await temporal.restart(t))) {
          restarted++;
          continue;
        }
        needsAttention++;
        await attention?.flag(t.parkId, t.id, `no workflow drives it (its run is ${status})`);
        log.warn('accepted payment has no workflow driving it', {
          parkId: t.parkId,
          transactionId: t.id.toString(),
          workflowId: t.workflowId,
          runStatus: status,
        });
      }
      return { restarted, needsAttention };
    },
  };
}

export type PaymentSweepActivities = ReturnType<typeof createPaymentSweepActivities>;
