import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { BareActivities } from './activities';

const { step } = proxyActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '2 seconds' });

/** How a payment runs its steps: regular activities first (the credit), then local ones (record, final state). */
export interface ActivityShape {
  regular: number;
  local: number;
}

/** The baseline for a payment: the same steps, in the same order and kinds, doing nothing. */
export async function bareWorkflow(shape: ActivityShape): Promise<void> {
  for (let i = 0; i < shape.regular; i++) await step(i);
  for (let i = 0; i < shape.local; i++) await local.step(i);
}
