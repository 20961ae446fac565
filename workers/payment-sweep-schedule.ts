import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';

export const paymentSweepScheduleId = (taskQueue: string) => `payment-sweep:${taskQueue}`;

/** The Schedule that runs the payment sweep on the payments task queue; created once, left alone when it exists. */
export async function ensurePaymentSweepSchedule(
  temporal: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  try {
    await temporal.schedule.create({
      scheduleId: paymentSweepScheduleId(taskQueue),
      spec: { intervals: [{ every: `${everySeconds} seconds` }] },
      action: { type: 'startWorkflow', workflowType: 'paymentSweep', taskQueue, args: [{}] },
      policies: { overlap: 'SKIP' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
