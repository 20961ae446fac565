import type { Db } from './prisma';

export type TransactionState = 'accepted' | 'processed' | 'rejected';

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
  'parkId' | 'walletId' | 'psp' | 'pspTxnId' | 'driverId' | 'amountMinor' | 'currency' | 'pspPaidAt' | 'workflowId' | 'hold' | 'verifyWithPsp'
>;

export function createTransactionStore(db: Db) {
  const byKey = async (parkId: string, walletId: string, pspTxnId: string) =>
    (await db.transaction.findUnique({ where: { parkId_walletId_pspTxnId: { parkId, walletId, pspTxnId } } })) as TransactionRecord | null;

  const get = async (parkId: string, id: bigint) =>
    (await db.transaction.findUnique({ where: { parkId_id: { parkId, id } } })) as TransactionRecord | null;

  return {
    byKey,
    get,

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
      const inserted = await db.$queryRaw<{ id: bigint }[]>`
        INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, psp_paid_at, workflow_id, hold, verify_with_psp, updated_at)
        VALUES (${t.parkId}, ${t.walletId}::uuid, ${t.psp}, ${t.pspTxnId}, ${t.driverId}, ${t.amountMinor}, ${t.currency},
                ${t.pspPaidAt}, ${t.workflowId}, ${t.hold}, ${t.verifyWithPsp}, now())
        ON CONFLICT (park_id, wallet_id, psp_txn_id) DO NOTHING
        RETURNING id`;
      const row = await byKey(t.parkId, t.walletId, t.pspTxnId);
      if (!row) throw new Error('accepted transaction vanished');
      return { transaction: row, created: inserted.length > 0 };
    },

    /** Records the PSP's cancel once; a rejected payment cannot be cancelled (there is nothing left to undo). */
    async markCancelled(parkId: string, id: bigint): Promise<TransactionRecord> {
      await db.transaction.updateMany({ where: { parkId, id, cancelledAt: null, state: { not: 'rejected' } }, data: { cancelledAt: new Date() } });
      return (await get(parkId, id))!;
    },

    /** Records the PSP's confirm of a held payment once; a cancelled one stays cancelled. */
    async markConfirmed(parkId: string, id: bigint): Promise<TransactionRecord> {
      await db.transaction.updateMany({ where: { parkId, id, hold: true, confirmedAt: null, cancelledAt: null }, data: { confirmedAt: new Date() } });
      return (await get(parkId, id))!;
    },

    /** Credited, not cancelled payments of one wallet accepted in [from, to): what a PSP reconciles against. */
    async statement(parkId: string, walletId: string, from: Date, to: Date, limit = 10_000): Promise<TransactionRecord[]> {
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
    async finish(parkId: string, id: bigint, state: 'processed' | 'rejected', rejectReason?: string, opts: { reversal?: boolean } = {}): Promise<TransactionState> {
      const from: TransactionState[] = opts.reversal ? ['accepted', 'processed'] : ['accepted'];
      await db.transaction.updateMany({ where: { parkId, id, state: { in: from } }, data: { state, rejectReason } });
      const row = await db.transaction.findUniqueOrThrow({ where: { parkId_id: { parkId, id } }, select: { state: true } });
      return row.state;
    },
  };
}

export type TransactionStore = ReturnType<typeof createTransactionStore>;
