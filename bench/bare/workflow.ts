import { proxyActivities } from '@temporalio/workflow';
import type { BareActivities } from './activities';

const { step } = proxyActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });

/** The baseline for a payment: as many activities, in sequence, that do nothing. */
export async function bareWorkflow(activities: number): Promise<void> {
  for (let i = 0; i < activities; i++) await step(i);
}
