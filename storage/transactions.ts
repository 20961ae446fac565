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
  createdAt: Date;
  updatedAt: Date;
}

export type NewTransaction = Pick<
  TransactionRecord,
  'parkId' | 'walletId' | 'psp' | 'pspTxnId' | 'driverId' | 'amountMinor' | 'currency' | 'pspPaidAt' | 'workflowId'
>;

export function createTransactionStore(db: Db) {
  const byKey = (parkId: string, walletId: string, pspTxnId: string) =>
    db.transaction.findUnique({ where: { parkId_walletId_pspTxnId: { parkId, walletId, pspTxnId } } });

  return {
    byKey,

    /**
     * Inserts the accepted transaction once per (park, wallet, PSP txn id). Concurrent repeats race on the unique key;
     * the losers read the winner's row, so every caller sees the same transaction.
     */
    async accept(t: NewTransaction): Promise<{ transaction: TransactionRecord; created: boolean }> {
      const inserted = await db.$queryRaw<{ id: bigint }[]>`
        INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, psp_paid_at, workflow_id, updated_at)
        VALUES (${t.parkId}, ${t.walletId}::uuid, ${t.psp}, ${t.pspTxnId}, ${t.driverId}, ${t.amountMinor}, ${t.currency},
                ${t.pspPaidAt}, ${t.workflowId}, now())
        ON CONFLICT (park_id, wallet_id, psp_txn_id) DO NOTHING
        RETURNING id`;
      const row = await byKey(t.parkId, t.walletId, t.pspTxnId);
      if (!row) throw new Error('accepted transaction vanished');
      return { transaction: row as TransactionRecord, created: inserted.length > 0 };
    },

    async get(parkId: string, id: bigint): Promise<TransactionRecord | null> {
      return (await db.transaction.findUnique({ where: { parkId_id: { parkId, id } } })) as TransactionRecord | null;
    },

    /** Only `accepted` moves; a final state is never overwritten by a late or repeated activity. */
    async finish(parkId: string, id: bigint, state: 'processed' | 'rejected', rejectReason?: string): Promise<TransactionState> {
      await db.transaction.updateMany({ where: { parkId, id, state: 'accepted' }, data: { state, rejectReason } });
      const row = await db.transaction.findUniqueOrThrow({ where: { parkId_id: { parkId, id } }, select: { state: true } });
      return row.state;
    },
  };
}

export type TransactionStore = ReturnType<typeof createTransactionStore>;
