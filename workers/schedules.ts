import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';

/**
 * A workflow a Temporal Schedule starts every few seconds on one task queue (visible in the UI and with
 * `temporal schedule list`). Created once and then left alone, so every process may ensure it at start. Overlaps are
 * skipped: each of these runs is idempotent and the next one picks up whatever the skipped one would have.
 */
function periodic(idPrefix: string, workflowType: string) {
  const scheduleId = (taskQueue: string) => `${idPrefix}:${taskQueue}`;
  async function ensure(temporal: Client, taskQueue: string, everySeconds: number): Promise<void> {
    try {
      await temporal.schedule.create({
        scheduleId: scheduleId(taskQueue),
        spec: { intervals: [{ every: `${everySeconds} seconds` }] },
        action: { type: 'startWorkflow', workflowType, taskQueue, args: [{}] },
        policies: { overlap: 'SKIP' },
      });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return { scheduleId, ensure };
}

/** Payments left `accepted` handed back to a workflow (payments task queue). */
export const paymentSweepSchedule = periodic('payment-sweep', 'paymentSweep');
/** Credential expiry reminders (maintenance task queue); a run only starts the sends, its children. */
export const credentialReminderSchedule = periodic('credential-reminders', 'credentialReminders');
/** The QIWI periodic: QIWI invoices no workflow watches (payments task queue). */
export const qiwiReconcileSchedule = periodic('qiwi-reconcile', 'qiwiReconcile');
