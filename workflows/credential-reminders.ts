import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { continueAsNew, proxyActivities, startChild } from '@temporalio/workflow';
import type { CredentialReminderActivities, DueReminder, ReminderOutcome } from '../activities/credential-reminders';

const { checkCredentials, findDueCredentialReminders } = proxyActivities<CredentialReminderActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 5 },
});

// An SMTP outage is waited out, however long: the reminder is owed until the server takes it.
const { sendCredentialReminder } = proxyActivities<CredentialReminderActivities>({
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const PAGE_SIZE = 200;
/** Reminders started per run before continuing as new, so a run's history stays small however many wallets expire. */
const STARTS_PER_RUN = 500;

export const credentialReminderWorkflowId = ({ walletId, threshold, expiresAt }: DueReminder) =>
  `credential-reminder:${walletId}:${threshold}:${expiresAt}`;

export interface CredentialRemindersInput {
  afterId?: string | null;
  pageSize?: number;
  /** False once this run's credential checks are done (carried across continue-as-new). */
  check?: boolean;
}

/**
 * Runs on a Temporal Schedule: asks the PSPs whether they still take each wallet's credentials, then starts one
 * `credentialReminder` per reminder due. The child's id is the reminder itself, so an overlapping or repeated run
 * finds it started (or done) and moves on; it does not wait for the sends.
 */
export async function credentialReminders(input: CredentialRemindersInput = {}): Promise<{ started: number }> {
  const limit = input.pageSize ?? PAGE_SIZE;
  if (input.check ?? true) {
    let checkedUpTo: string | null = null;
    do {
      const page: { seen: number; lastId: string | null } = await checkCredentials({ afterId: checkedUpTo, limit });
      checkedUpTo = page.seen < limit ? null : page.lastId;
    } while (checkedUpTo !== null);
  }
  let afterId = input.afterId ?? null;
  let started = 0;
  for (;;) {
    const page = await findDueCredentialReminders({ afterId, limit });
    for (const reminder of page.reminders) {
      try {
        await startChild(credentialReminder, {
          workflowId: credentialReminderWorkflowId(reminder),
          args: [reminder],
          parentClosePolicy: 'ABANDON',
          // A finished or running reminder is never started again; one that failed (e.g. terminated) may be.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        });
        started += 1;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    if (page.seen < limit || page.lastId === null) return { started };
    afterId = page.lastId;
    if (started >= STARTS_PER_RUN)
      await continueAsNew<typeof credentialReminders>({ afterId, pageSize: limit, check: false });
  }
}

/** One reminder e-mail, sent once: the activity records it in Postgres in the same transaction as the send. */
export async function credentialReminder(reminder: DueReminder): Promise<ReminderOutcome> {
  return sendCredentialReminder(reminder);
}
