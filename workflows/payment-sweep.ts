import { proxyActivities } from '@temporalio/workflow';
import type { PaymentSweepActivities } from '../activities/payment-sweep';

const { resumeStalledPayments } = proxyActivities<PaymentSweepActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

/** Runs on a Temporal Schedule: hands every payment left `accepted` for a while back to its workflow. */
export async function paymentSweep(
  input: { olderThanSeconds?: number; limit?: number } = {},
): Promise<{ resumed: number }> {
  return { resumed: await resumeStalledPayments(input.olderThanSeconds ?? 60, input.limit ?? 500) };
}
