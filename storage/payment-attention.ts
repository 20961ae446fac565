import type { TransactionRecord } from './transactions';
import type { Db } from './prisma';

/** A payment answered success to the PSP but not credited, as ops and the park's dispatcher see it. */
export interface AttentionRecord extends TransactionRecord {
  attentionReason: string;
  attentionAt: Date;
  /** `redrive` while a re-drive runs; null when ops have not acted yet (or a re-drive was refused). */
  attentionAction: string | null;
}

export type SettleResult = 'settled' | 'already_settled' | 'refused';

const OPEN = `attention_reason IS NOT NULL AND attention_resolved_at IS NULL`;

/**
 * The needs-attention queue on the transaction row itself. Every move is one statement that checks where the row
 * stands and writes its `transaction_events` entry with it, so a re-drive and a settle racing each other, or either
 * one repeated, change the row at most once: whichever claims it first wins.
 */
export function createPaymentAttentionStore(db: Db) {
  const event = (state: string | null, reason: string) => `
    INSERT INTO transaction_events (park_id, transaction_id, state, reason, at)
    SELECT park_id, id, ${state ?? 'state'}, ${reason}, now() FROM moved`;

  return {
    /** Marks the payment for ops; a later reason (a refused re-drive) replaces the earlier one. Resolved ones stay. */
    async flag(parkId: string, id: bigint, reason: string): Promise<void> {
      await db.$executeRawUnsafe(
        `UPDATE transactions SET attention_reason = $3, attention_at = COALESCE(attention_at, now()), updated_at = now()
         WHERE park_id = $1 AND id = $2 AND attention_resolved_at IS NULL`,
        parkId,
        id,
        reason,
      );
    },

    /** Open items, oldest first: one park's (it prunes to its partition) or, for ops, every park's. */
    async open(parkId: string | null, limit: number): Promise<AttentionRecord[]> {
      const where = parkId === null ? OPEN : `park_id = $2 AND ${OPEN}`;
      const args = parkId === null ? [limit] : [limit, parkId];
      return db.$queryRawUnsafe<AttentionRecord[]>(
        `SELECT id, park_id AS "parkId", wallet_id::text AS "walletId", psp, psp_txn_id AS "pspTxnId",
           driver_id AS "driverId", amount_minor AS "amountMinor", currency, state::text AS state,
           reject_reason AS "rejectReason", psp_paid_at AS "pspPaidAt", workflow_id AS "workflowId",
           cancelled_at AS "cancelledAt", created_at AS "createdAt", updated_at AS "updatedAt",
           attention_reason AS "attentionReason", attention_at AS "attentionAt", attention_action AS "attentionAction"
         FROM transactions WHERE ${where} ORDER BY attention_at, id LIMIT $1`,
        ...args,
      );
    },

    /**
     * Claims an open, never cancelled payment for a re-drive; true also when a re-drive holds it already (the same
     * workflow, retried). A settled one, or one the PSP cancelled, is never credited.
     */
    async claimRedrive(parkId: string, id: bigint): Promise<boolean> {
      const moved = await db.$queryRawUnsafe<unknown[]>(
        `UPDATE transactions SET attention_action = 'redrive', updated_at = now()
         WHERE park_id = $1 AND id = $2 AND ${OPEN} AND cancelled_at IS NULL
           AND state::text <> 'processed' AND (attention_action IS NULL OR attention_action = 'redrive')
         RETURNING id`,
        parkId,
        id,
      );
      return moved.length > 0;
    },

    /** Billing refused the re-drive too: the payment stays open, free for another re-drive or a settle. */
    async redriveRefused(parkId: string, id: bigint, reason: string): Promise<void> {
      await db.$executeRawUnsafe(
        `WITH moved AS (
           UPDATE transactions SET attention_action = NULL, attention_reason = $3, updated_at = now()
           WHERE park_id = $1 AND id = $2 AND ${OPEN} AND attention_action = 'redrive'
           RETURNING park_id, id, state)
         ${event(null, `'re-drive refused: ' || $3`)}`,
        parkId,
        id,
        reason,
      );
    },

    /** The re-drive credited it: processed, resolved, and said so in its history. False when it already was. */
    async redriven(parkId: string, id: bigint): Promise<boolean> {
      const moved = await db.$executeRawUnsafe(
        `WITH moved AS (
           UPDATE transactions SET state = 'processed', reject_reason = NULL, attention_resolved_at = now(), updated_at = now()
           WHERE park_id = $1 AND id = $2 AND ${OPEN} AND attention_action = 'redrive'
           RETURNING park_id, id, state)
         ${event(null, `'re-driven by ops: credited'`)}`,
        parkId,
        id,
      );
      return moved > 0;
    },

    /** Refunded outside the system: rejected, resolved with the note; refused while a re-drive holds the payment. */
    async settle(parkId: string, id: bigint, note: string): Promise<SettleResult> {
      const moved = await db.$queryRawUnsafe<unknown[]>(
        `WITH moved AS (
           UPDATE transactions SET state = 'rejected', attention_action = 'settle', attention_note = $3,
             attention_resolved_at = now(), updated_at = now()
           WHERE park_id = $1 AND id = $2 AND ${OPEN} AND attention_action IS NULL AND state::text <> 'processed'
           RETURNING park_id, id, state)
         ${event(null, `'settled outside the system by ops: ' || $3`)} RETURNING transaction_id`,
        parkId,
        id,
        note,
      );
      if (moved.length > 0) return 'settled';
      const row = await db.transaction.findUnique({
        where: { parkId_id: { parkId, id } },
        select: { attentionAction: true, attentionResolvedAt: true },
      });
      return row?.attentionAction === 'settle' && row.attentionResolvedAt ? 'already_settled' : 'refused';
    },

    /** Where the payment stands for ops: null when there is no such payment in the park. */
    async get(parkId: string, id: bigint) {
      return db.transaction.findUnique({
        where: { parkId_id: { parkId, id } },
        select: {
          state: true,
          attentionReason: true,
          attentionAction: true,
          attentionNote: true,
          attentionResolvedAt: true,
        },
      });
    },
  };
}

export type PaymentAttentionStore = ReturnType<typeof createPaymentAttentionStore>;
