import { ApplicationFailure } from '@temporalio/common';
import { credentialVerifier, type CredentialChecks } from '../application/credential-checks';
import { credentialReminderMail } from '../application/credential-reminder-mail';
import { dueThreshold, REMINDER_THRESHOLDS, type ReminderThreshold } from '../application/credential-expiry';
import { MailRefused, type Mailer } from '../clients/mailer';
import {
  reminderKey,
  sendReminderOnce,
  settledReminders,
  walletsWithCredentialsOf,
  walletsWithExpiringCredentials,
} from '../storage/credential-reminders';
import type { NotificationSettingsStore } from '../storage/park-notifications';
import type { Db } from '../storage/prisma';
import type { WalletStore } from '../storage/wallets';

export interface CredentialReminderDeps {
  db: Db;
  wallets: WalletStore;
  notificationSettings: NotificationSettingsStore;
  mailer: Mailer;
  credentialChecks: CredentialChecks;
  /** Injected so a year of expiry is tested without waiting a year. */
  now?: () => Date;
  /** How long one send may hold its reminder's row. */
  sendTimeoutMs?: number;
  /** The dispatcher console the e-mail links to (config DISPATCHER_CONSOLE_URL). */
  consoleUrl: string;
}

/** The failure type of a reminder the SMTP server refused for good: not retried, recorded as failed. */
export const MAIL_REFUSED = 'MailRefused';

/** One reminder: ids, the threshold and the date only; what the e-mail says is loaded when it is sent. */
export interface DueReminder {
  walletId: string;
  parkId: string;
  threshold: ReminderThreshold;
  /** ISO: when the credentials expire; for `invalid`, when the PSP first refused them. */
  expiresAt: string;
}

export type ReminderOutcome = 'sent' | 'already_sent' | 'outdated' | 'no_recipients';

const DAY_MS = 24 * 60 * 60 * 1000;
const WITHIN_MS = REMINDER_THRESHOLDS[0].days * DAY_MS;

export function createCredentialReminderActivities({
  db,
  wallets,
  notificationSettings,
  mailer,
  credentialChecks,
  now = () => new Date(),
  sendTimeoutMs = 60_000,
  consoleUrl,
}: CredentialReminderDeps) {
  const verify = credentialVerifier({ checks: credentialChecks, wallets, now });
  return {
    /** Asks the PSP about one page of wallets' credentials (where a harmless check exists) and records the answers. */
    async checkCredentials(input: {
      afterId: string | null;
      limit: number;
    }): Promise<{ lastId: string | null; seen: number; invalid: number }> {
      const page = await walletsWithCredentialsOf(db, credentialChecks.psps, input.afterId, input.limit);
      let invalid = 0;
      for (const { id, parkId } of page) {
        const wallet = await wallets.get(parkId, id);
        if (wallet && (await verify(wallet)).result.result === 'invalid') invalid += 1;
      }
      return { lastId: page.at(-1)?.id ?? null, seen: page.length, invalid };
    },

    /** One page of reminders due now and not sent yet, by wallet id after `afterId`. */
    async findDueCredentialReminders(input: {
      afterId: string | null;
      limit: number;
    }): Promise<{ reminders: DueReminder[]; lastId: string | null; seen: number }> {
      const at = now();
      const page = await walletsWithExpiringCredentials(
        db,
        new Date(at.getTime() + WITHIN_MS),
        input.afterId,
        input.limit,
      );
      const settled = await settledReminders(
        db,
        page.map((w) => w.walletId),
      );
      const reminders = page.flatMap(({ walletId, parkId, expiresAt, invalidAt }): DueReminder[] => {
        // Refused credentials need renewing now, whatever their date says.
        const [threshold, date] = invalidAt
          ? (['invalid', invalidAt] as const)
          : ([expiresAt && dueThreshold(expiresAt, at), expiresAt] as const);
        if (!threshold || !date || settled.has(reminderKey({ walletId, threshold, expiresAt: date }))) return [];
        return [{ walletId, parkId, threshold, expiresAt: date.toISOString() }];
      });
      return { reminders, lastId: page.at(-1)?.walletId ?? null, seen: page.length };
    },

    async sendCredentialReminder(reminder: DueReminder): Promise<ReminderOutcome> {
      const expiresAt = new Date(reminder.expiresAt);
      const wallet = await wallets.get(reminder.parkId, reminder.walletId);
      const sealed = wallet?.sealedCredentials;
      const current = reminder.threshold === 'invalid' ? sealed?.invalidAt : sealed?.expiresAt;
      // Saved anew, accepted again or removed since the run found it: this reminder is about credentials that are gone.
      if (!wallet || current?.getTime() !== expiresAt.getTime()) return 'outdated';
      const to = (await notificationSettings.get(reminder.parkId))?.emails ?? [];
      if (to.length === 0) return 'no_recipients';
      const mail = credentialReminderMail(wallet, reminder.threshold, expiresAt, to, consoleUrl);
      const sent = await sendReminderOnce(
        db,
        { ...reminder, expiresAt, messageId: mail.messageId, recipients: to },
        async () => {
          try {
            await mailer.send(mail);
            return undefined;
          } catch (err) {
            if (err instanceof MailRefused) return { refused: err.reason };
            throw err;
          }
        },
        sendTimeoutMs,
      );
      if (sent.outcome === 'failed')
        throw ApplicationFailure.create({ type: MAIL_REFUSED, message: sent.failure, nonRetryable: true });
      return sent.outcome;
    },
  };
}

export type CredentialReminderActivities = ReturnType<typeof createCredentialReminderActivities>;
