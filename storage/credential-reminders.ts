import type { Db } from './prisma';

/** A wallet whose credentials expire within `withinDays`, in a park that has someone to tell. */
export interface ExpiringCredentials {
  walletId: string;
  parkId: string;
  expiresAt: Date;
}

export interface ReminderKey {
  walletId: string;
  parkId: string;
  threshold: string;
  expiresAt: Date;
}

/**
 * Live wallets with credentials expiring before `until`, by id after `afterId`, in parks with notice addresses.
 * Maintenance only (any park): never reachable from a park-scoped route.
 */
export async function walletsWithExpiringCredentials(
  db: Db,
  until: Date,
  afterId: string | null,
  limit: number,
): Promise<ExpiringCredentials[]> {
  const rows = await db.$queryRaw<Array<{ id: string; park_id: string; credentials_expire_at: Date }>>`
    SELECT w.id::text AS id, w.park_id, w.credentials_expire_at
    FROM wallets w
    JOIN park_notification_settings p ON p.park_id = w.park_id AND cardinality(p.emails) > 0
    WHERE w.deleted_at IS NULL AND w.credentials_ciphertext IS NOT NULL
      AND w.credentials_expire_at IS NOT NULL AND w.credentials_expire_at <= ${until}
      AND (${afterId}::uuid IS NULL OR w.id > ${afterId}::uuid)
    ORDER BY w.id
    LIMIT ${limit}`;
  return rows.map((r) => ({ walletId: r.id, parkId: r.park_id, expiresAt: r.credentials_expire_at }));
}

/** `walletId|threshold|expiresAt` of the reminders of these wallets already sent. */
export async function sentReminders(db: Db, walletIds: string[]): Promise<Set<string>> {
  if (walletIds.length === 0) return new Set();
  const rows = await db.credentialReminder.findMany({
    where: { walletId: { in: walletIds }, sentAt: { not: null } },
    select: { walletId: true, threshold: true, expiresAt: true },
  });
  return new Set(rows.map(reminderKey));
}

export const reminderKey = (r: Pick<ReminderKey, 'walletId' | 'threshold' | 'expiresAt'>) =>
  `${r.walletId}|${r.threshold}|${r.expiresAt.toISOString()}`;

export type SendOutcome = 'sent' | 'already_sent';

/**
 * Sends a reminder unless it was sent before. The reminder's row is locked while `send` runs and marked sent in the
 * same transaction: a concurrent or retried attempt waits for the lock, then finds it sent. A crash or a lost SMTP
 * answer after the server accepted the message leaves the row unsent, so the next attempt sends it again with the
 * same Message-ID (the one way a second copy can go out).
 */
export async function sendReminderOnce(
  db: Db,
  key: ReminderKey & { messageId: string; recipients: string[] },
  send: () => Promise<unknown>,
  timeoutMs: number,
): Promise<SendOutcome> {
  const { walletId, parkId, threshold, expiresAt, messageId, recipients } = key;
  return db.$transaction(
    async (tx) => {
      // A concurrent insert of the same key waits here for the other transaction, then does nothing.
      await tx.$executeRaw`
        INSERT INTO credential_reminders (id, wallet_id, park_id, threshold, expires_at, message_id, recipients)
        VALUES (gen_random_uuid(), ${walletId}::uuid, ${parkId}, ${threshold}, ${expiresAt}, ${messageId}, ${recipients})
        ON CONFLICT (wallet_id, threshold, expires_at) DO NOTHING`;
      const [row] = await tx.$queryRaw<Array<{ sent_at: Date | null }>>`
        SELECT sent_at FROM credential_reminders
        WHERE wallet_id = ${walletId}::uuid AND threshold = ${threshold} AND expires_at = ${expiresAt}
        FOR UPDATE`;
      if (row?.sent_at) return 'already_sent';
      await send();
      await tx.credentialReminder.update({
        where: { walletId_threshold_expiresAt: { walletId, threshold, expiresAt } },
        data: { sentAt: new Date(), recipients },
      });
      return 'sent';
    },
    { maxWait: timeoutMs, timeout: timeoutMs },
  );
}
