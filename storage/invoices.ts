import { Prisma } from '../generated/prisma/client';
import { OPEN_INVOICE_STATUSES, type InvoiceStatus } from '../domain/invoice';
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
  createdAt: Date;
  updatedAt: Date;
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

    /** The invoice a notification on this wallet's link names; another wallet's bill id finds nothing. */
    byWallet: async (walletId: string, id: string) =>
      (await db.invoice.findUnique({ where: { walletId_id: { walletId, id } } })) as InvoiceRecord | null,

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
     * Moves an open invoice to `status` (with its event, in one statement). `paid` may also follow `expired` or
     * `cancelled`: money that arrived after all is credited, and the invoice says so. Anything else final stays.
     */
    async record(
      parkId: string,
      id: string,
      status: InvoiceStatus,
      change: { reason?: string; payUrl?: string } = {},
    ): Promise<InvoiceRecord> {
      const from: InvoiceStatus[] =
        status === 'paid' ? [...OPEN_INVOICE_STATUSES, 'expired', 'cancelled'] : [...OPEN_INVOICE_STATUSES];
      await db.$executeRaw`
        WITH moved AS (
          UPDATE invoices SET status = ${status}, failure_reason = COALESCE(${change.reason ?? null}, failure_reason),
                 pay_url = COALESCE(${change.payUrl ?? null}, pay_url), updated_at = now()
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
