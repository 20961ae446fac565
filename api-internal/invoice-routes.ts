import type { Response } from 'express';
import { z } from 'zod';
import { NOT_PAYABLE } from '../application/driver-eligibility';
import type { CreditedInvoice, Invoices } from '../application/invoices';
import { INVOICE_STATUSES as STATUSES, INVOICE_PSPS } from '../domain/invoice';
import { formatMinor } from '../domain/money';
import { PAYMENT_STATES } from '../domain/payment';
import type { InvoiceCursor, InvoiceRecord } from '../storage/invoices';
import { errorBody, invalidField, operation, type Operation } from './operations';
import { driverParams, parkParams } from './params';

export interface InvoiceRoutesDeps {
  invoices: Invoices;
}

export const invoiceView = (i: CreditedInvoice) => ({
  id: i.id,
  walletId: i.walletId,
  driverId: i.driverId,
  psp: i.psp,
  status: i.status,
  payUrl: i.payUrl,
  amount: formatMinor(i.amountMinor, i.currency),
  amountMinor: i.amountMinor.toString(),
  currency: i.currency,
  expiresAt: i.expiresAt,
  failureReason: i.failureReason,
  credit: i.credit && { transactionId: i.credit.transactionId.toString(), state: i.credit.state },
  credited: i.credit?.state === 'processed',
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

/** Opaque to clients: base64url of the last row's (created_at, id). */
const encodeCursor = (i: Pick<InvoiceRecord, 'createdAt' | 'id'>) =>
  Buffer.from(JSON.stringify([i.createdAt.toISOString(), i.id])).toString('base64url');

function decodeCursor(cursor: string): InvoiceCursor | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) return null;
    return { createdAt: new Date(at), id };
  } catch {
    return null;
  }
}

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant, e.g. 2026-11-01T00:00:00Z');
const pageQuery = z.strictObject({
  from: instant.optional().describe('created at or after (inclusive)'),
  to: instant.optional().describe('created before (exclusive)'),
  status: z
    .string()
    .regex(
      new RegExp(`^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`),
      `one or more of ${STATUSES.join(', ')}, comma-separated`,
    )
    .optional(),
  psp: z.enum(INVOICE_PSPS).optional(),
  walletId: z.guid().optional(),
  driverId: z.string().min(1).max(100).optional(),
  cursor: z
    .string()
    .max(400)
    .refine((c) => decodeCursor(c) !== null, 'not a cursor this API returned')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const driverPageQuery = pageQuery.omit({ driverId: true });

const issueBody = z.strictObject({
  walletId: z.guid(),
  amount: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,4})?$/, 'a decimal string in major units, e.g. "150.00"')
    .describe('major units, decimal string'),
  phone: z
    .string()
    .regex(/^\+\d{7,15}$/, 'an international phone number, e.g. +79031234567')
    .optional()
    .describe("QIWI: the payer's QIWI wallet"),
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(45 * 24 * 3600)
    .optional()
    .describe('how long the bill stays payable (default INVOICE_TTL_SECONDS)'),
});

const invoiceSchema = z.object({
  id: z.string().describe("our invoice id, also the PSP's bill id / reference"),
  walletId: z.string(),
  driverId: z.string(),
  psp: z.enum(INVOICE_PSPS),
  status: z.enum(STATUSES),
  payUrl: z.string().nullable().describe('where Pro sends the driver to pay; null while `creating`'),
  amount: z.string().describe('major units, decimal string'),
  amountMinor: z.string().describe('integer minor units, decimal string'),
  currency: z.string(),
  expiresAt: z.iso.datetime(),
  failureReason: z
    .string()
    .nullable()
    .describe("`failed`: the PSP's reason; `held`: why it was not credited; `settled`: ops' note"),
  credit: z
    .object({
      transactionId: z.string().describe('our transaction id (prv_txn), decimal'),
      state: z.enum(PAYMENT_STATES).describe('`processed`: credited; `accepted`: on its way; `rejected`: not'),
    })
    .nullable()
    .describe("the payment the PSP's money became; null until the invoice is `paid`"),
  credited: z
    .boolean()
    .describe("the driver's balance is credited (`credit.state` is `processed`): `paid` alone means the PSP took it"),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const pageSchema = z.object({ items: z.array(invoiceSchema), nextCursor: z.string().nullable() });
const detailSchema = invoiceSchema.extend({
  workflowId: z.string(),
  workflow: z.unknown().describe("the invoice workflow's live `progress` query, or `{ unavailable }`"),
  history: z
    .array(z.object({ status: z.enum(STATUSES), reason: z.string().nullable(), at: z.iso.datetime() }))
    .describe('statuses entered, oldest first'),
});

const invoiceId = z.guid();
const notFound = (res: Response) => void res.status(404).json({ error: 'not_found', message: 'invoice not found' });
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Pro's invoices: a driver (or the park's dispatcher) issues, reads and cancels; the dispatcher lists the park's. */
export function invoiceOperations({ invoices }: InvoiceRoutesDeps): Operation[] {
  const page = async (res: Response, parkId: string, q: z.output<typeof pageQuery>) => {
    const { cursor, limit, status, from, to, ...rest } = q;
    const { items, more } = await invoices.page(
      parkId,
      {
        ...rest,
        statuses: status ? ([...new Set(status.split(','))] as InvoiceRecord['status'][]) : undefined,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      },
      cursor ? decodeCursor(cursor) : null,
      limit,
    );
    res.json({ items: items.map(invoiceView), nextCursor: more ? encodeCursor(items.at(-1)!) : null });
  };

  const driver = { tag: 'invoices', access: 'driver' as const };
  const missing = { 404: { description: 'no such invoice here', schema: errorBody } };
  const base = '/v1/parks/{parkId}/drivers/{driverId}/invoices';

  return [
    operation({
      ...driver,
      id: 'issueInvoice',
      method: 'post',
      path: base,
      summary:
        'Issue an invoice (QIWI bill or Paystack checkout) for the driver to pay; `Idempotency-Key` header required: ' +
        'a repeat with the same body gets the same invoice, with another body a 409',
      params: driverParams,
      body: issueBody,
      responses: {
        200: { description: 'the invoice an earlier request with this key issued', schema: invoiceSchema },
        201: { description: 'the invoice, with `payUrl` once the PSP has the bill', schema: invoiceSchema },
        404: { description: 'no such wallet in the park', schema: errorBody },
        409: {
          description:
            "the Idempotency-Key was used with another body (`conflict`), or the wallet's credentials are missing, " +
            'invalid or expired (`credentials_unusable`)',
          schema: errorBody,
        },
        422: {
          description:
            'the driver may not be paid (`driver_not_payable`; `reason`: `driver_not_found`, `driver_fired`, ' +
            '`driver_blocked` or `currency_mismatch`): no bill is issued',
          schema: errorBody.extend({
            reason: z.enum(NOT_PAYABLE),
          }),
        },
        503: { description: 'driver profiles did not answer: nothing issued, try again', schema: errorBody },
      },
      handle: async ({ params, body }, req, res) => {
        const idempotencyKey = req.get('idempotency-key') ?? '';
        if (!IDEMPOTENCY_KEY.test(idempotencyKey))
          return invalidField(res, 'Idempotency-Key', 'header required: 1-200 visible ASCII characters');
        const result = await invoices.issue({ ...params, ...body, idempotencyKey });
        switch (result.kind) {
          case 'issued':
            return void res.status(result.created ? 201 : 200).json(invoiceView(result.invoice));
          case 'not_found':
            return void res.status(404).json({ error: 'not_found', message: 'wallet not found' });
          case 'invalid':
            return invalidField(res, result.field, result.message);
          case 'conflict':
            return void res.status(409).json({ error: 'conflict', message: result.message });
          case 'credentials_unusable':
            return void res.status(409).json({ error: 'credentials_unusable', message: result.message });
          case 'unavailable':
            return void res.status(503).json({ error: 'unavailable', message: result.message });
          case 'not_payable':
            return void res
              .status(422)
              .json({ error: 'driver_not_payable', reason: result.why, message: result.message });
        }
      },
    }),
    operation({
      ...driver,
      id: 'listDriverInvoices',
      method: 'get',
      path: base,
      summary: "The driver's invoices, newest first, in cursor pages",
      params: driverParams,
      query: driverPageQuery,
      responses: { 200: { description: 'a page', schema: pageSchema } },
      handle: async ({ params, query }, _req, res) => page(res, params.parkId, { ...query, driverId: params.driverId }),
    }),
    operation({
      ...driver,
      id: 'getDriverInvoice',
      method: 'get',
      path: `${base}/{id}`,
      summary: 'One invoice with its live workflow state and its history of statuses',
      params: driverParams.extend({ id: invoiceId }),
      responses: { 200: { description: 'the invoice', schema: detailSchema }, ...missing },
      handle: async ({ params }, _req, res) => {
        const detail = await invoices.detail(params.parkId, params.id, params.driverId);
        if (!detail) return notFound(res);
        const { invoice, workflow, history } = detail;
        res.json({ ...invoiceView(invoice), workflowId: invoice.workflowId, workflow, history });
      },
    }),
    operation({
      ...driver,
      id: 'cancelDriverInvoice',
      method: 'post',
      path: `${base}/{id}/cancel`,
      summary: 'Withdraw the bill at the PSP; one paid meanwhile is credited instead (the status tells which)',
      params: driverParams.extend({ id: invoiceId }),
      responses: {
        202: { description: 'the invoice as it stands; its workflow finishes it', schema: invoiceSchema },
        ...missing,
      },
      handle: async ({ params }, _req, res) => {
        const invoice = await invoices.cancel(params.parkId, params.id, params.driverId);
        if (!invoice) return notFound(res);
        res.status(202).json(invoiceView(invoice));
      },
    }),
    operation({
      tag: 'invoices',
      access: 'park',
      id: 'listInvoices',
      method: 'get',
      path: '/v1/parks/{parkId}/invoices',
      summary: "The park's invoices, newest first, filtered like transactions, in cursor pages",
      params: parkParams,
      query: pageQuery,
      responses: { 200: { description: 'a page', schema: pageSchema } },
      handle: async ({ params, query }, _req, res) => page(res, params.parkId, query),
    }),
  ];
}
