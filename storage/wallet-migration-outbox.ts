import type { Db } from './prisma';

/**
 * A time on Postgres' clock as Postgres prints it (microseconds): a JavaScript Date would cut it to milliseconds, and a
 * mark cut below its own row's time would never settle.
 */
export type OutboxMark = string;

/** The mirror-repair outbox: a row says Redis may lag Postgres for that wallet. */
export function createMirrorOutbox(db: Db) {
  return {
    /** Postgres' clock, the one the marks are written by. */
    async now(): Promise<OutboxMark> {
      return (await db.$queryRaw<Array<{ t: string }>>`SELECT clock_timestamp()::text AS t`)[0]!.t;
    },
    /** Before the Postgres write; returns the mark a later `settle` compares with. */
    async owe(parkId: string, walletId: string): Promise<OutboxMark> {
      const rows = await db.$queryRaw<Array<{ enqueued_at: string }>>`
        INSERT INTO wallet_mirror_repairs (park_id, wallet_id) VALUES (${parkId}, ${walletId}::uuid)
        ON CONFLICT (park_id, wallet_id) DO UPDATE SET enqueued_at = clock_timestamp()
        RETURNING enqueued_at::text`;
      return rows[0]!.enqueued_at;
    },
    /** After Redis caught up with what Postgres held at `readAt`: only marks not newer than that are settled. */
    async settle(parkId: string, walletId: string, readAt: OutboxMark): Promise<boolean> {
      const n = await db.$executeRaw`
        DELETE FROM wallet_mirror_repairs
        WHERE park_id = ${parkId} AND wallet_id = ${walletId}::uuid AND enqueued_at <= ${readAt}::timestamptz`;
      return n > 0;
    },
    async owed(parkId: string, walletId: string): Promise<boolean> {
      return (await db.walletMirrorRepair.count({ where: { parkId, walletId } })) > 0;
    },
    async oldest(limit: number) {
      return db.walletMirrorRepair.findMany({ orderBy: { enqueuedAt: 'asc' }, take: limit });
    },
    count: () => db.walletMirrorRepair.count(),
  };
}

export type MirrorOutbox = ReturnType<typeof createMirrorOutbox>;
