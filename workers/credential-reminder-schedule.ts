import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';

export const credentialReminderScheduleId = (taskQueue: string) => `credential-reminders:${taskQueue}`;

/** The Schedule of the credential expiry reminders on the maintenance task queue; created once, left alone after. */
export async function ensureCredentialReminderSchedule(
  temporal: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  try {
    await temporal.schedule.create({
      scheduleId: credentialReminderScheduleId(taskQueue),
      spec: { intervals: [{ every: `${everySeconds} seconds` }] },
      action: { type: 'startWorkflow', workflowType: 'credentialReminders', taskQueue, args: [{}] },
      // A run only starts the sends (its children), so one still going when the next is due is soon done: skip.
      policies: { overlap: 'SKIP' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
