import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';

export const qiwiReconcileScheduleId = (taskQueue: string) => `qiwi-reconcile:${taskQueue}`;

/** The QIWI periodic's Schedule on the payments task queue (`temporal schedule list`); created once, then left alone. */
export async function ensureQiwiReconcileSchedule(temporal: Client, taskQueue: string, everySeconds: number) {
  try {
    await temporal.schedule.create({
      scheduleId: qiwiReconcileScheduleId(taskQueue),
      spec: { intervals: [{ every: `${everySeconds} seconds` }] },
      action: { type: 'startWorkflow', workflowType: 'qiwiReconcile', taskQueue, args: [{}] },
      policies: { overlap: 'SKIP' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
