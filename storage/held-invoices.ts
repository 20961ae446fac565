import type { InvoiceSettleResult } from '../domain/invoice';
import type { InvoiceRecord } from './invoices';
import type { Db } from './prisma';

/**
 * Ops' moves on a held invoice (the PSP took another amount or currency, or the payment desk refused it). Each is one
 * statement that checks where the invoice stands and writes its `invoice_events` entry with it, so a re-drive and a
 * settle racing, or either repeated, change the invoice at most once: whichever claims it first wins.
 */
export function heldInvoiceMoves(db: Db) {
  return {
    /** Held invoices, oldest first: one park's or, for ops, every park's. */
    async held(parkId: string | null, limit: number): Promise<InvoiceRecord[]> {
      return (await db.invoice.findMany({
        where: { status: 'held', ...(parkId !== null && { parkId }) },
        orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
        take: limit,
      })) as InvoiceRecord[];
    },

    /** True also when a re-drive holds it already (the same workflow, retried); never once settled. */
    async claimRedrive(parkId: string, id: string): Promise<boolean> {
      const moved = await db.$queryRaw<unknown[]>`
        UPDATE invoices SET attention_action = 'redrive'
        WHERE park_id = ${parkId} AND id = ${id} AND status = 'held'
          AND (attention_action IS NULL OR attention_action = 'redrive')
        RETURNING id`;
      return moved.length > 0;
    },

    /** The PSP does not report what ops confirmed: still held, free for another re-drive or a settle. */
    async redriveRefused(parkId: string, id: string, reason: string): Promise<void> {
      await db.$executeRaw`
        WITH moved AS (
          UPDATE invoices SET attention_action = NULL
          WHERE park_id = ${parkId} AND id = ${id} AND status = 'held' AND attention_action = 'redrive'
          RETURNING park_id, id, status)
        INSERT INTO invoice_events (park_id, invoice_id, status, reason, at)
        SELECT park_id, id, status, ${`re-drive refused: ${reason}`}, now() FROM moved`;
    },

    /** The payment desk accepted the PSP's amount: `paid`, and its payment workflow credits it. */
    async redriven(parkId: string, id: string, reason: string): Promise<void> {
      await db.$executeRaw`
        WITH moved AS (
          UPDATE invoices SET status = 'paid', failure_reason = ${reason}, updated_at = now()
          WHERE park_id = ${parkId} AND id = ${id} AND status = 'held' AND attention_action = 'redrive'
          RETURNING park_id, id, status, updated_at)
        INSERT INTO invoice_events (park_id, invoice_id, status, reason, at)
        SELECT park_id, id, status, ${`re-driven by ops: ${reason}`}, updated_at FROM moved`;
    },

    /** Refunded outside the system, with ops' note; refused while a re-drive holds it or after it was credited. */
    async settle(parkId: string, id: string, note: string): Promise<InvoiceSettleResult> {
      const moved = await db.$queryRaw<unknown[]>`
        WITH moved AS (
          UPDATE invoices SET status = 'settled', attention_action = 'settle', failure_reason = ${note},
                 updated_at = now()
          WHERE park_id = ${parkId} AND id = ${id} AND status = 'held' AND attention_action IS NULL
          RETURNING park_id, id, status, updated_at)
        INSERT INTO invoice_events (park_id, invoice_id, status, reason, at)
        SELECT park_id, id, status, ${`settled outside the system by ops: ${note}`}, updated_at FROM moved
        RETURNING invoice_id`;
      if (moved.length > 0) return 'settled';
      const row = await db.invoice.findUnique({ where: { parkId_id: { parkId, id } }, select: { status: true } });
      return row?.status === 'settled' ? 'already_settled' : 'refused';
    },
  };
}
