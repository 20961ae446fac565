import { patched, proxyActivities } from '@temporalio/workflow';
import type { PaymentSweepActivities } from '../activities/payment-sweep';

const { resumeStalledPayments, restartOrphanedPayments } = proxyActivities<PaymentSweepActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

export interface PaymentSweepResult {
  /** Accepted payments whose workflow start was never seen, handed to their workflow. */
  resumed: number;
  /** Accepted payments whose workflow had gone (terminated, timed out, not found), run again under the same id. */
  restarted: number;
  /** Accepted payments no workflow drives that could not safely be run again: for a person to look at. */
  needsAttention: number;
}

/** Runs on a Temporal Schedule: hands every payment left `accepted` for a while back to a workflow. */
export async function paymentSweep(
  input: { olderThanSeconds?: number; orphanedAfterSeconds?: number; limit?: number } = {},
): Promise<PaymentSweepResult> {
  const limit = input.limit ?? 500;
  const resumed = await resumeStalledPayments(input.olderThanSeconds ?? 60, limit);
  // A sweep started before the orphan check existed finishes as it began (replay of its recorded history).
  if (!patched('orphan-check')) return { resumed, restarted: 0, needsAttention: 0 };
  // A running workflow is the normal case for a young payment: only older ones are worth asking Temporal about.
  const orphans = await restartOrphanedPayments(input.orphanedAfterSeconds ?? 300, limit);
  return { resumed, ...orphans };
}
