import type { Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Transactions } from '../application/transactions';
import { formatMinor } from '../domain/money';
import { PAYMENT_STATES as STATES } from '../domain/payment';
import { PSP_CODES } from '../domain/psp-codes';
import type { TransactionCursor, TransactionFilter, TransactionRecord } from '../storage/transactions';
import { csvField, csvLine, drained } from './csv';
import { errorBody, operation, type Operation } from './operations';
import { driverParams, parkParams } from './params';

export interface TransactionRoutesDeps {
  transactions: Transactions;
  log: Logger;
}

export const transactionView = (t: TransactionRecord) => ({
  id: t.id.toString(),
  walletId: t.walletId,
  psp: t.psp,
  pspTxnId: t.pspTxnId,
  driverId: t.driverId,
  amountMinor: t.amountMinor.toString(),
  currency: t.currency,
  state: t.state,
  rejectReason: t.rejectReason,
  pspPaidAt: t.pspPaidAt,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** Opaque to clients: base64url of the last row's (created_at, id). */
export const encodeCursor = (t: Pick<TransactionRecord, 'createdAt' | 'id'>) =>
  Buffer.from(JSON.stringify([t.createdAt.toISOString(), t.id.toString()])).toString('base64url');

function decodeCursor(cursor: string): TransactionCursor | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id) || Number.isNaN(Date.parse(at)))
      return null;
    return { createdAt: new Date(at), id: BigInt(id) };
  } catch {
    return null;
  }
}

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant, e.g. 2026-11-01T00:00:00Z');

/** The filters of the list, the driver view and the CSV export. `state` may list several, comma-separated. */
export const transactionFilterQuery = z.strictObject({
  from: instant.optional().describe('created at or after (inclusive)'),
  to: instant.optional().describe('created before (exclusive)'),
  state: z
    .string()
    .regex(
      new RegExp(`^(${STATES.join('|')})(,(${STATES.join('|')}))*$`),
      `one or more of ${STATES.join(', ')}, comma-separated`,
    )
    .optional(),
  psp: z.enum(PSP_CODES).optional(),
  walletId: z.guid().optional(),
  driverId: z.string().min(1).max(100).optional(),
});

export const transactionPageQuery = transactionFilterQuery.extend({
  cursor: z
    .string()
    .max(200)
    .refine((c) => decodeCursor(c) !== null, 'not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const driverTransactionPageQuery = transactionPageQuery.omit({ driverId: true });

function toFilter(
  q: Omit<z.output<typeof transactionFilterQuery>, 'driverId'> & { driverId?: string },
): TransactionFilter {
  return {
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    states: q.state ? ([...new Set(q.state.split(','))] as TransactionFilter['states']) : undefined,
    psp: q.psp,
    walletId: q.walletId,
    driverId: q.driverId,
  };
}

const CSV_HEADER = [
  'id',
  'created_at',
  'state',
  'reject_reason',
  'psp',
  'psp_txn_id',
  'wallet_id',
  'wallet_name',
  'driver_id',
  'amount',
  'currency',
  'amount_minor',
  'psp_paid_at',
  'updated_at',
];

export const transactionSchema = z.object({
  id: z.string().describe('our transaction id (prv_txn), decimal'),
  walletId: z.string(),
  psp: z.string(),
  pspTxnId: z.string(),
  driverId: z.string(),
  amountMinor: z.string().describe('integer minor units, decimal string'),
  currency: z.string(),
  state: z.enum(STATES),
  rejectReason: z.string().nullable(),
  pspPaidAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const pageSchema = z.object({
  items: z.array(transactionSchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last one'),
});
const detailSchema = transactionSchema.extend({
  workflowId: z.string(),
  workflow: z.unknown().describe("the PaymentWorkflow's live `status` query, or `{ unavailable }`"),
  history: z
    .array(z.object({ state: z.enum(STATES), reason: z.string().nullable(), at: z.iso.datetime() }))
    .describe('states entered, oldest first'),
});

/** Rows per `res.write`: about 40 KB of CSV, well under V8's large-object threshold. */
const WRITE_ROWS = 200;

const txnId = z.string().regex(/^\d{1,18}$/, 'a transaction id (decimal)');
const notFound = (res: Response) => void res.status(404).json({ error: 'not_found', message: 'transaction not found' });

/**
 * A park's transactions: list, CSV export, one with its live workflow state and state history; and the same for one
 * driver (the Pro view) under /drivers/{driverId}. Every query names the park first.
 */
export function transactionOperations({ transactions, log }: TransactionRoutesDeps): Operation[] {
  const page = async (res: Response, parkId: string, q: z.output<typeof transactionPageQuery>) => {
    const { cursor, limit, ...filters } = q;
    const { items, more } = await transactions.page(
      parkId,
      toFilter(filters),
      cursor ? decodeCursor(cursor) : null,
      limit,
    );
    res.json({ items: items.map(transactionView), nextCursor: more ? encodeCursor(items.at(-1)!) : null });
  };

  const one = async (res: Response, parkId: string, id: string, driverId?: string) => {
    const detail = await transactions.detail(parkId, BigInt(id), driverId);
    if (!detail) return notFound(res);
    const { transaction: t, workflow, history } = detail;
    res.json({ ...transactionView(t), workflowId: t.workflowId, workflow, history });
  };

  const park = { tag: 'transactions', access: 'park' as const };
  const driver = { tag: 'driver', access: 'driver' as const };
  const missing = { 404: { description: 'no such transaction here', schema: errorBody } };

  return [
    operation({
      ...park,
      id: 'listTransactions',
      method: 'get',
      path: '/v1/parks/{parkId}/transactions',
      summary: "The park's transactions, newest first, filtered, in cursor pages",
      params: parkParams,
      query: transactionPageQuery,
      responses: { 200: { description: 'a page', schema: pageSchema } },
      handle: async ({ params, query }, _req, res) => page(res, params.parkId, query),
    }),
    operation({
      ...park,
      id: 'exportTransactions',
      method: 'get',
      path: '/v1/parks/{parkId}/transactions.csv',
      summary: 'The same list as CSV (RFC 4180, UTF-8 with BOM), streamed in constant memory',
      params: parkParams,
      query: transactionFilterQuery,
      responses: {
        200: {
          description: 'CSV, one line per transaction, newest first',
          schema: z.string(),
          contentType: 'text/csv',
        },
      },
      handle: async ({ params, query }, _req, res) => exportCsv(res, params.parkId, toFilter(query)),
    }),
    operation({
      ...park,
      id: 'getTransaction',
      method: 'get',
      path: '/v1/parks/{parkId}/transactions/{id}',
      summary: 'One transaction with its live workflow state and history of states',
      params: parkParams.extend({ id: txnId }),
      responses: { 200: { description: 'the transaction', schema: detailSchema }, ...missing },
      handle: async ({ params }, _req, res) => one(res, params.parkId, params.id),
    }),
    operation({
      ...driver,
      id: 'listDriverTransactions',
      method: 'get',
      path: '/v1/parks/{parkId}/drivers/{driverId}/transactions',
      summary: "A driver's own top-ups and their states (Pro): the driver itself or the park's dispatchers",
      params: driverParams,
      query: driverTransactionPageQuery,
      responses: { 200: { description: 'a page', schema: pageSchema } },
      handle: async ({ params, query }, _req, res) => page(res, params.parkId, { ...query, driverId: params.driverId }),
    }),
    operation({
      ...driver,
      id: 'getDriverTransaction',
      method: 'get',
      path: '/v1/parks/{parkId}/drivers/{driverId}/transactions/{id}',
      summary: "One of the driver's top-ups with its state and history",
      params: driverParams.extend({ id: txnId }),
      responses: { 200: { description: 'the transaction', schema: detailSchema }, ...missing },
      handle: async ({ params }, _req, res) => one(res, params.parkId, params.id, params.driverId),
    }),
  ];

  /**
   * Keyset pages written as the client reads them (a write the socket cannot take yet waits for 'drain'): memory is
   * bounded by the page size, however many rows the range holds.
   */
  async function exportCsv(res: Response, parkId: string, filter: TransactionFilter) {
    const { walletNames: names, pages } = await transactions.export(parkId, filter);
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="transactions-${parkId.replace(/[^\w.-]/g, '_')}.csv"`);
    // The BOM makes spreadsheets read the file as UTF-8 (Cyrillic, Armenian, Georgian names).
    res.write(`\uFEFF${csvLine(CSV_HEADER)}`);
    try {
      for await (const rows of pages) {
        if (res.destroyed) break;
        // Written in slices: a whole page joined is a string past V8's large-object size, and those pile up
        // outside the young generation until a full GC (RSS grew by about the CSV's size before this).
        for (let at = 0; at < rows.length; at += WRITE_ROWS) {
          const chunk = rows
            .slice(at, at + WRITE_ROWS)
            .map((t) =>
              csvLine([
                t.id,
                t.createdAt,
                t.state,
                csvField(t.rejectReason, { untrusted: true }),
                t.psp,
                csvField(t.pspTxnId, { untrusted: true }),
                t.walletId,
                csvField(names.get(t.walletId), { untrusted: true }),
                csvField(t.driverId, { untrusted: true }),
                formatMinor(BigInt(t.amountMinor), t.currency),
                t.currency,
                t.amountMinor,
                t.pspPaidAt ?? '',
                t.updatedAt,
              ]),
            )
            .join('');
          if (!res.write(chunk)) await drained(res);
          if (res.destroyed) break;
        }
      }
      res.end();
    } catch (err) {
      // Headers are gone already: cut the stream so the client sees a broken download, not a short file.
      log.error({ err, parkId }, 'transaction export failed');
      res.destroy(err as Error);
    }
  }
}
