import { Prisma } from '../generated/prisma/client';
import { OPEN_INVOICE_STATUSES, invoiceIdOfReference, type InvoiceStatus } from '../domain/invoice';
import type { PaymentState } from '../domain/payment';
import { heldInvoiceMoves } from './held-invoices';
import type { Db } from './prisma';

export interface InvoiceRecord {
  id: string;
  parkId: string;
  walletId: string;
  driverId: string;
  psp: string;
  amountMinor: bigint;
  currency: string;
  phone: string | null;
  idempotencyKey: string;
  requestHash: string;
  status: InvoiceStatus;
  payUrl: string | null;
  failureReason: string | null;
  expiresAt: Date;
  workflowId: string;
  /** Later checkouts' references (`<id>.<n>`), oldest first: a Paystack initialize whose answer was lost. */
  checkoutReferences: string[];
  /** What the PSP reported paid when the invoice was held (another amount or currency). */
  paidAmountMinor: bigint | null;
  paidCurrency: string | null;
  paidReference: string | null;
  /** `redrive` while ops' re-drive holds it, `settle` once settled. */
  attentionAction: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Every PSP reference the invoice's checkouts carry: its id first, then the later ones. */
export const invoiceReferences = (i: Pick<InvoiceRecord, 'id' | 'checkoutReferences'>) => [
  i.id,
  ...i.checkoutReferences,
];

/** The payment an invoice became, as billing's ledger stands: `processed` is the driver's balance credited. */
export interface InvoiceCredit {
  transactionId: bigint;
  state: PaymentState;
}

export type NewInvoice = Pick<
  InvoiceRecord,
  | 'id'
  | 'parkId'
  | 'walletId'
  | 'driverId'
  | 'psp'
  | 'amountMinor'
  | 'currency'
  | 'phone'
  | 'idempotencyKey'
  | 'requestHash'
  | 'expiresAt'
  | 'workflowId'
>;

export interface InvoiceEvent {
  status: InvoiceStatus;
  reason: string | null;
  at: Date;
}

export interface InvoiceFilter {
  driverId?: string;
  walletId?: string;
  psp?: string;
  statuses?: InvoiceStatus[];
  from?: Date;
  to?: Date;
}

export interface InvoiceCursor {
  createdAt: Date;
  id: string;
}

export function createInvoiceStore(db: Db) {
  const get = async (parkId: string, id: string) =>
    (await db.invoice.findUnique({ where: { parkId_id: { parkId, id } } })) as InvoiceRecord | null;

  return {
    get,
    ...heldInvoiceMoves(db),

    /**
     * The invoice a notification on this wallet's link names by any of its checkouts' references; another wallet's
     * bill, or a reference we never opened, finds nothing.
     */
    async byWallet(walletId: string, reference: string): Promise<InvoiceRecord | null> {
      const id = invoiceIdOfReference(reference);
      const found = (await db.invoice.findUnique({ where: { walletId_id: { walletId, id } } })) as InvoiceRecord | null;
      return found && invoiceReferences(found).includes(reference) ? found : null;
    },

    /** Records a later checkout's reference before Paystack is asked to open it, so any checkout it holds is ours. */
    async addCheckoutReference(parkId: string, id: string, reference: string): Promise<InvoiceRecord> {
      await db.$executeRaw`
        UPDATE invoices SET checkout_references = array_append(checkout_references, ${reference}), updated_at = now()
        WHERE park_id = ${parkId} AND id = ${id} AND NOT (${reference} = ANY(checkout_references))`;
      return (await get(parkId, id))!;
    },

    /** The payment each invoice became (by any of its references), for the invoices of one park. */
    async credits(parkId: string, list: InvoiceRecord[]): Promise<Map<string, InvoiceCredit>> {
      const refs = list.flatMap(invoiceReferences);
      if (refs.length === 0) return new Map();
      const rows = await db.$queryRaw<Array<{ id: bigint; walletId: string; pspTxnId: string; state: PaymentState }>>`
        SELECT id, wallet_id::text AS "walletId", psp_txn_id AS "pspTxnId", state::text AS state
        FROM transactions WHERE park_id = ${parkId} AND psp_txn_id = ANY(${refs}) ORDER BY id`;
      const credits = new Map<string, InvoiceCredit>();
      for (const i of list) {
        const t = rows.find((r) => r.walletId === i.walletId && invoiceReferences(i).includes(r.pspTxnId));
        if (t) credits.set(i.id, { transactionId: t.id, state: t.state });
      }
      return credits;
    },

    byIdempotencyKey: async (parkId: string, idempotencyKey: string) =>
      (await db.invoice.findUnique({
        where: { parkId_idempotencyKey: { parkId, idempotencyKey } },
      })) as InvoiceRecord | null,

    /** Once per (park, idempotency key): concurrent double taps race on the unique key and all read the winner. */
    async create(draft: NewInvoice): Promise<{ invoice: InvoiceRecord; created: boolean }> {
      const inserted = await db.$queryRaw<{ id: string }[]>`
        WITH inserted AS (
          INSERT INTO invoices (id, park_id, wallet_id, driver_id, psp, amount_minor, currency, phone, idempotency_key,
                                request_hash, expires_at, workflow_id, updated_at)
          VALUES (${draft.id}, ${draft.parkId}, ${draft.walletId}::uuid, ${draft.driverId}, ${draft.psp},
                  ${draft.amountMinor}, ${draft.currency}, ${draft.phone}, ${draft.idempotencyKey},
                  ${draft.requestHash}, ${draft.expiresAt}, ${draft.workflowId}, now())
          ON CONFLICT (park_id, idempotency_key) DO NOTHING
          RETURNING id, park_id, status, created_at)
        INSERT INTO invoice_events (park_id, invoice_id, status, at)
        SELECT park_id, id, status, created_at FROM inserted
        RETURNING invoice_id AS id`;
      const row = await db.invoice.findUnique({
        where: { parkId_idempotencyKey: { parkId: draft.parkId, idempotencyKey: draft.idempotencyKey } },
      });
      if (!row) throw new Error('created invoice vanished');
      return { invoice: row as InvoiceRecord, created: inserted.length > 0 };
    },

    /** A page of the park's invoices, newest first, keyset-paginated on (created_at, id). */
    async list(parkId: string, f: InvoiceFilter, after: InvoiceCursor | null, limit: number) {
      const where: Prisma.InvoiceWhereInput = {
        parkId,
        ...(f.driverId && { driverId: f.driverId }),
        ...(f.walletId && { walletId: f.walletId }),
        ...(f.psp && { psp: f.psp }),
        ...(f.statuses?.length && { status: { in: f.statuses } }),
        createdAt: { ...(f.from && { gte: f.from }), ...(f.to && { lt: f.to }) },
        ...(after && {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }),
      };
      return (await db.invoice.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      })) as InvoiceRecord[];
    },

    /** Open invoices of a PSP untouched since `before`, oldest first, across parks: what the QIWI periodic checks. */
    async stale(psp: string, before: Date, limit: number): Promise<InvoiceRecord[]> {
      return (await db.invoice.findMany({
        where: { psp, status: { in: [...OPEN_INVOICE_STATUSES] }, updatedAt: { lt: before } },
        orderBy: { updatedAt: 'asc' },
        take: limit,
      })) as InvoiceRecord[];
    },

    async events(parkId: string, invoiceId: string): Promise<InvoiceEvent[]> {
      return (await db.invoiceEvent.findMany({
        where: { parkId, invoiceId },
        orderBy: { id: 'asc' },
        select: { status: true, reason: true, at: true },
      })) as InvoiceEvent[];
    },

    /**
     * Moves an open invoice to `status` (with its event, in one statement). `paid` and `held` may also follow `expired`
     * or `cancelled`: money that arrived after all is credited (or held for ops), and the invoice says so. Anything
     * else final stays.
     */
    async record(
      parkId: string,
      id: string,
      status: InvoiceStatus,
      change: {
        reason?: string;
        payUrl?: string;
        paid?: { amountMinor: bigint; currency: string; reference: string };
      } = {},
    ): Promise<InvoiceRecord> {
      const from: InvoiceStatus[] =
        status === 'paid' || status === 'held'
          ? [...OPEN_INVOICE_STATUSES, 'expired', 'cancelled']
          : [...OPEN_INVOICE_STATUSES];
      await db.$executeRaw`
        WITH moved AS (
          UPDATE invoices SET status = ${status}, failure_reason = COALESCE(${change.reason ?? null}, failure_reason),
                 pay_url = COALESCE(${change.payUrl ?? null}, pay_url),
                 paid_amount_minor = COALESCE(${change.paid?.amountMinor ?? null}::bigint, paid_amount_minor),
                 paid_currency = COALESCE(${change.paid?.currency ?? null}, paid_currency),
                 paid_reference = COALESCE(${change.paid?.reference ?? null}, paid_reference), updated_at = now()
          WHERE park_id = ${parkId} AND id = ${id} AND status IN (${Prisma.join(from)})
            AND status <> ${status}
          RETURNING park_id, id, status, updated_at)
        INSERT INTO invoice_events (park_id, invoice_id, status, reason, at)
        SELECT park_id, id, status, ${change.reason ?? null}, updated_at FROM moved`;
      return (await get(parkId, id))!;
    },
  };
}

export type InvoiceStore = ReturnType<typeof createInvoiceStore>;
