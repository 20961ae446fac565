import type { Db } from './prisma';

/** A wallet whose credentials expire soon or were refused, in a park that has someone to tell. */
export interface ExpiringCredentials {
  walletId: string;
  parkId: string;
  expiresAt: Date | null;
  invalidAt: Date | null;
}

export interface ReminderKey {
  walletId: string;
  parkId: string;
  threshold: string;
  expiresAt: Date;
}

/**
 * Live wallets with credentials expiring before `until` or refused by the PSP, by id after `afterId`, in parks with
 * notice addresses.
 * Maintenance only (any park): never reachable from a park-scoped route.
 */
export async function walletsWithExpiringCredentials(
  db: Db,
  until: Date,
  afterId: string | null,
  limit: number,
): Promise<ExpiringCredentials[]> {
  const rows = await db.$queryRaw<
    Array<{ id: string; park_id: string; credentials_expire_at: Date | null; credentials_invalid_at: Date | null }>
  >`
    SELECT w.id::text AS id, w.park_id, w.credentials_expire_at, w.credentials_invalid_at
    FROM wallets w
    JOIN park_notification_settings p ON p.park_id = w.park_id AND cardinality(p.emails) > 0
    WHERE w.deleted_at IS NULL AND w.credentials_ciphertext IS NOT NULL
      AND (w.credentials_expire_at <= ${until} OR w.credentials_invalid_at IS NOT NULL)
      AND (${afterId}::uuid IS NULL OR w.id > ${afterId}::uuid)
    ORDER BY w.id
    LIMIT ${limit}`;
  return rows.map((r) => ({
    walletId: r.id,
    parkId: r.park_id,
    expiresAt: r.credentials_expire_at,
    invalidAt: r.credentials_invalid_at,
  }));
}

/** `walletId|threshold|expiresAt` of the reminders of these wallets that are done: sent, or refused for good. */
export async function settledReminders(db: Db, walletIds: string[]): Promise<Set<string>> {
  if (walletIds.length === 0) return new Set();
  const rows = await db.credentialReminder.findMany({
    where: { walletId: { in: walletIds }, OR: [{ sentAt: { not: null } }, { failedAt: { not: null } }] },
    select: { walletId: true, threshold: true, expiresAt: true },
  });
  return new Set(rows.map(reminderKey));
}

export const reminderKey = (r: Pick<ReminderKey, 'walletId' | 'threshold' | 'expiresAt'>) =>
  `${r.walletId}|${r.threshold}|${r.expiresAt.toISOString()}`;

/** `failed`: the SMTP server refused this reminder for good, now or on an earlier attempt; `failure` says why. */
export type SendOutcome = { outcome: 'sent' | 'already_sent' } | { outcome: 'failed'; failure: string };

/** What `send` reports when the server refused the message for good; anything it throws is retried. */
export interface Refusal {
  refused: string;
}

/**
 * Sends a reminder unless it was sent before. The reminder's row is locked while `send` runs and marked sent in the
 * same transaction: a concurrent or retried attempt waits for the lock, then finds it sent. A crash or a lost SMTP
 * answer after the server accepted the message leaves the row unsent, so the next attempt sends it again with the
 * same Message-ID (the one way a second copy can go out). A refusal for good is recorded the same way, so no
 * attempt after it sends.
 */
export async function sendReminderOnce(
  db: Db,
  key: ReminderKey & { messageId: string; recipients: string[] },
  send: () => Promise<Refusal | undefined>,
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
      const [row] = await tx.$queryRaw<Array<{ sent_at: Date | null; failure: string | null }>>`
        SELECT sent_at, failure FROM credential_reminders
        WHERE wallet_id = ${walletId}::uuid AND threshold = ${threshold} AND expires_at = ${expiresAt}
        FOR UPDATE`;
      if (row?.sent_at) return { outcome: 'already_sent' };
      if (row?.failure) return { outcome: 'failed', failure: row.failure };
      const refusal = await send();
      await tx.credentialReminder.update({
        where: { walletId_threshold_expiresAt: { walletId, threshold, expiresAt } },
        data: refusal
          ? { failedAt: new Date(), failure: refusal.refused, recipients }
          : { sentAt: new Date(), recipients },
      });
      return refusal ? { outcome: 'failed', failure: refusal.refused } : { outcome: 'sent' };
    },
    { maxWait: timeoutMs, timeout: timeoutMs },
  );
}

/** Live wallets of these PSPs with credentials, by id after `afterId`: the daily check's pages. Maintenance only. */
export async function walletsWithCredentialsOf(db: Db, psps: string[], afterId: string | null, limit: number) {
  return db.wallet.findMany({
    where: {
      psp: { in: psps },
      deletedAt: null,
      credentialsCiphertext: { not: null },
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, parkId: true },
  });
}
