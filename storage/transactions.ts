import { Prisma } from '../generated/prisma/client';
import type { PaymentState } from '../domain/payment';
import type { Db } from './prisma';

export type TransactionState = PaymentState;

export interface TransactionRecord {
  id: bigint;
  parkId: string;
  walletId: string;
  psp: string;
  pspTxnId: string;
  driverId: string;
  amountMinor: bigint;
  currency: string;
  state: TransactionState;
  pspPaidAt: Date | null;
  workflowId: string;
  workflowStarted: boolean;
  rejectReason: string | null;
  hold: boolean;
  verifyWithPsp: boolean;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewTransaction = Pick<
  TransactionRecord,
  | 'parkId'
  | 'walletId'
  | 'psp'
  | 'pspTxnId'
  | 'driverId'
  | 'amountMinor'
  | 'currency'
  | 'pspPaidAt'
  | 'workflowId'
  | 'hold'
  | 'verifyWithPsp'
>;

/** A state the transaction entered, and why (the rejection reason). */
export interface TransactionEvent {
  state: TransactionState;
  reason: string | null;
  at: Date;
}

/** What a park's transaction list may be narrowed to; every field optional. `to` is exclusive. */
export interface TransactionFilter {
  from?: Date;
  to?: Date;
  states?: TransactionState[];
  psp?: string;
  walletId?: string;
  driverId?: string;
}

/** A position in the newest-first order: the last row of a page. */
export interface TransactionCursor {
  createdAt: Date;
  id: bigint;
}

const COLUMN_LIST = `id, park_id AS "parkId", wallet_id::text AS "walletId", psp, psp_txn_id AS "pspTxnId", driver_id AS "driverId",
  amount_minor AS "amountMinor", currency, state::text AS state, psp_paid_at AS "pspPaidAt", workflow_id AS "workflowId", workflow_started AS "workflowStarted",
  reject_reason AS "rejectReason", hold, verify_with_psp AS "verifyWithPsp", confirmed_at AS "confirmedAt",
  cancelled_at AS "cancelledAt", created_at AS "createdAt", updated_at AS "updatedAt"`;
const COLUMNS = Prisma.raw(COLUMN_LIST);

/**
 * One page of a park's transactions, newest first, keyset-paginated on (created_at, id). `park_id = $1` comes first
 * and always: it is what lets Postgres prune the 128 hash partitions to one. Exported for the EXPLAIN test.
 */
export function transactionPageSql(
  parkId: string,
  f: TransactionFilter,
  after: TransactionCursor | null,
  limit: number,
): Prisma.Sql {
  const where = filterConditions(parkId, f);
  if (after) where.push(Prisma.sql`(created_at, id) < (${after.createdAt}, ${after.id})`);
  return Prisma.sql`SELECT ${COLUMNS} FROM transactions WHERE ${Prisma.join(where, ' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
}

/** `park_id = $1` first and always, so Postgres prunes the 128 hash partitions to one. */
function filterConditions(parkId: string, f: TransactionFilter): Prisma.Sql[] {
  const where = [Prisma.sql`park_id = ${parkId}`];
  if (f.from) where.push(Prisma.sql`created_at >= ${f.from}`);
  if (f.to) where.push(Prisma.sql`created_at < ${f.to}`);
  if (f.states?.length) where.push(Prisma.sql`state::text IN (${Prisma.join(f.states)})`);
  if (f.psp) where.push(Prisma.sql`psp = ${f.psp}`);
  if (f.walletId) where.push(Prisma.sql`wallet_id = ${f.walletId}::uuid`);
  if (f.driverId) where.push(Prisma.sql`driver_id = ${f.driverId}`);
  return where;
}

/**
 * A transaction as the CSV export writes it: every field text already, instants as ISO 8601 UTC with milliseconds
 * (what `Date#toISOString` gives), formatted by Postgres so a million rows make no Date or bigint objects here.
 */
export interface ExportRow {
  id: string;
  createdAt: string;
  state: TransactionState;
  rejectReason: string | null;
  psp: string;
  pspTxnId: string;
  walletId: string;
  driverId: string;
  amountMinor: string;
  currency: string;
  pspPaidAt: string | null;
  updatedAt: string;
}

/** Where the previous export page ended, as that page's last row gave it. */
export type ExportCursor = Pick<ExportRow, 'createdAt' | 'id'>;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const EXPORT_COLUMNS = Prisma.raw(`id::text AS id, ${iso('created_at')} AS "createdAt", state::text AS state,
  reject_reason AS "rejectReason", psp, psp_txn_id AS "pspTxnId", wallet_id::text AS "walletId", driver_id AS "driverId",
  amount_minor::text AS "amountMinor", currency, ${iso('psp_paid_at')} AS "pspPaidAt", ${iso('updated_at')} AS "updatedAt"`);

/** An export page: the list's order and filters, keyset on (created_at, id) from the text the last page gave. */
export function transactionExportSql(
  parkId: string,
  f: TransactionFilter,
  after: ExportCursor | null,
  limit: number,
): Prisma.Sql {
  const where = filterConditions(parkId, f);
  if (after) where.push(Prisma.sql`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::bigint)`);
  // Qualified: a bare `id` in ORDER BY would name the text output column and sort "9" after "33".
  return Prisma.sql`SELECT ${EXPORT_COLUMNS} FROM transactions t WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit}`;
}

/** Every PAY, repeats included, looks its key up first: a named prepared statement on raw `pg` (storage/prisma.ts). */
const BY_KEY = {
  name: 'transaction-by-key',
  text: `SELECT ${COLUMN_LIST} FROM transactions WHERE park_id = $1 AND wallet_id = $2::uuid AND psp_txn_id = $3`,
};
type PgTransactionRow = Omit<TransactionRecord, 'id' | 'amountMinor'> & { id: string; amountMinor: string };

export function createTransactionStore(db: Db) {
  const byKey = async (parkId: string, walletId: string, pspTxnId: string): Promise<TransactionRecord | null> => {
    const { rows } = await db.pool.query<PgTransactionRow>({ ...BY_KEY, values: [parkId, walletId, pspTxnId] });
    const row = rows[0];
    // pg hands int8 over as text: exact, then made bigint like every other read of the store.
    return row ? { ...row, id: BigInt(row.id), amountMinor: BigInt(row.amountMinor) } : null;
  };

  const get = async (parkId: string, id: bigint) =>
    (await db.transaction.findUnique({ where: { parkId_id: { parkId, id } } })) as TransactionRecord | null;

  return {
    byKey,
    get,

    /** A page of the park's transactions, newest first, after `after` (the previous page's last row). */
    async list(
      parkId: string,
      filter: TransactionFilter,
      after: TransactionCursor | null,
      limit: number,
    ): Promise<TransactionRecord[]> {
      return db.$queryRaw<TransactionRecord[]>(transactionPageSql(parkId, filter, after, limit));
    },

    /**
     * A page of the CSV export on raw `pg`: plain text rows, and the pool's connection is held only for the query,
     * never while the client is slow to read.
     */
    async exportPage(
      parkId: string,
      filter: TransactionFilter,
      after: ExportCursor | null,
      limit: number,
    ): Promise<ExportRow[]> {
      const { text, values } = transactionExportSql(parkId, filter, after, limit);
      return (await db.pool.query<ExportRow>(text, values)).rows;
    },

    /** The states the transaction went through, oldest first. */
    async events(parkId: string, transactionId: bigint): Promise<TransactionEvent[]> {
      return (await db.transactionEvent.findMany({
        where: { parkId, transactionId },
        orderBy: { id: 'asc' },
        select: { state: true, reason: true, at: true },
      })) as TransactionEvent[];
    },

    /** Our id as the PSP quotes it back, only within the wallet it was paid into. */
    async byPrvTxn(parkId: string, walletId: string, prvTxn: string): Promise<TransactionRecord | null> {
      if (!/^\d{1,18}$/.test(prvTxn)) return null;
      const t = await get(parkId, BigInt(prvTxn));
      return t && t.walletId === walletId ? t : null;
    },

    /**
     * Inserts the accepted transaction once per (park, wallet, PSP txn id). Concurrent repeats race on the unique key;
     * the losers read the winner's row, so every caller sees the same transaction.
     */
    async accept(t: NewTransaction): Promise<{ transaction: TransactionRecord; created: boolean }> {
      // One statement: the row and its `accepted` event exist together or not at all.
      const inserted = await db.$queryRaw<{ id: bigint }[]>`
        WITH inserted AS (
          INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, psp_paid_at, workflow_id, hold, verify_with_psp, updated_at)
          VALUES (${t.parkId}, ${t.walletId}::uuid, ${t.psp}, ${t.pspTxnId}, ${t.driverId}, ${t.amountMinor}, ${t.currency},
                  ${t.pspPaidAt}, ${t.workflowId}, ${t.hold}, ${t.verifyWithPsp}, now())
          ON CONFLICT (park_id, wallet_id, psp_txn_id) DO NOTHING
          RETURNING id, park_id, state, created_at)
        INSERT INTO transaction_events (park_id, transaction_id, state, at)
        SELECT park_id, id, state, created_at FROM inserted
        RETURNING transaction_id AS id`;
      const row = await byKey(t.parkId, t.walletId, t.pspTxnId);
      if (!row) throw new Error('accepted transaction vanished');
      return { transaction: row, created: inserted.length > 0 };
    },

    async markWorkflowStarted(parkId: string, id: bigint): Promise<void> {
      await db.transaction.updateMany({
        where: { parkId, id, workflowStarted: false },
        data: { workflowStarted: true },
      });
    },

    /** Records the PSP's cancel once; a rejected payment cannot be cancelled (there is nothing left to undo). */
    async markCancelled(parkId: string, id: bigint): Promise<TransactionRecord> {
      await db.transaction.updateMany({
        where: { parkId, id, cancelledAt: null, state: { not: 'rejected' } },
        data: { cancelledAt: new Date() },
      });
      return (await get(parkId, id))!;
    },

    /** Records the PSP's confirm of a held payment once; a cancelled one stays cancelled. */
    async markConfirmed(parkId: string, id: bigint): Promise<TransactionRecord> {
      await db.transaction.updateMany({
        where: { parkId, id, hold: true, confirmedAt: null, cancelledAt: null },
        data: { confirmedAt: new Date() },
      });
      return (await get(parkId, id))!;
    },

    /**
     * Payments still `accepted` before `before` whose workflow was never seen to start, oldest first, across parks
     * (a partial index covers exactly these rows): what the sweep hands to their workflows.
     */
    async stalled(before: Date, limit: number): Promise<TransactionRecord[]> {
      return (await db.transaction.findMany({
        where: { state: 'accepted', workflowStarted: false, createdAt: { lt: before } },
        orderBy: { createdAt: 'asc' },
        take: limit,
      })) as TransactionRecord[];
    },

    /**
     * Payments still `accepted` before `before` whose workflow was seen to start, oldest first, across parks: the ones
     * whose workflow may have gone (terminated, lost to retention) while the row still waits for it.
     */
    async acceptedWithStartedWorkflow(before: Date, limit: number): Promise<TransactionRecord[]> {
      return (await db.transaction.findMany({
        where: { state: 'accepted', workflowStarted: true, createdAt: { lt: before } },
        orderBy: { createdAt: 'asc' },
        take: limit,
      })) as TransactionRecord[];
    },

    /** Credited, not cancelled payments of one wallet accepted in [from, to): what a PSP reconciles against. */
    async statement(
      parkId: string,
      walletId: string,
      from: Date,
      to: Date,
      limit = 10_000,
    ): Promise<TransactionRecord[]> {
      return (await db.transaction.findMany({
        where: { parkId, walletId, state: 'processed', cancelledAt: null, createdAt: { gte: from, lt: to } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit,
      })) as TransactionRecord[];
    },

    /**
     * Moves a payment to its final state. Only `accepted` moves, except that a reversal takes a `processed` payment
     * to `rejected`; a late or repeated activity never overwrites a final state otherwise.
     */
    async finish(
      parkId: string,
      id: bigint,
      state: 'processed' | 'rejected',
      rejectReason?: string,
      opts: { reversal?: boolean } = {},
    ): Promise<TransactionState> {
      const from: TransactionState[] = opts.reversal ? ['accepted', 'processed'] : ['accepted'];
      // One statement: the state change and its event happen together or not at all.
      await db.$executeRaw`
        WITH moved AS (
          UPDATE transactions SET state = ${state}::transaction_state, reject_reason = COALESCE(${rejectReason ?? null}, reject_reason), updated_at = now()
          WHERE park_id = ${parkId} AND id = ${id} AND state::text IN (${Prisma.join(from)})
          RETURNING park_id, id, state, reject_reason, updated_at)
        INSERT INTO transaction_events (park_id, transaction_id, state, reason, at)
        SELECT park_id, id, state, reject_reason, updated_at FROM moved`;
      const row = await db.transaction.findUniqueOrThrow({
        where: { parkId_id: { parkId, id } },
        select: { state: true },
      });
      return row.state;
    },
  };
}

export type TransactionStore = ReturnType<typeof createTransactionStore>;
