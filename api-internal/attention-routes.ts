import type { Response } from 'express';
import { z } from 'zod';
import type { InvoiceAttention, InvoiceAttentionAction } from '../application/invoice-attention';
import type { AttentionAction, AttentionItem, PaymentAttention } from '../application/payment-attention';
import { PAYMENT_STATES } from '../domain/payment';
import type { InvoiceRecord } from '../storage/invoices';
import type { AttentionRecord } from '../storage/payment-attention';
import { errorBody, operation, type Operation } from './operations';
import { transactionSchema, transactionView } from './transactions-routes';

export interface AttentionRoutesDeps {
  paymentAttention: PaymentAttention;
  invoiceAttention: InvoiceAttention;
}

/** A transaction as the transactions list shows it, without what only a finished one has, plus why it is held. */
const paymentView = (t: AttentionRecord) => {
  const { rejectReason: _reject, pspPaidAt: _paidAt, updatedAt: _updated, ...shown } = transactionView(t);
  return {
    kind: 'payment' as const,
    ...shown,
    parkId: t.parkId,
    reason: t.attentionReason,
    since: t.attentionAt,
    action: t.attentionAction,
  };
};

/** A held invoice: no transaction yet; `paid…` is what the PSP reported, which a re-drive credits once ops confirm it. */
const invoiceView = (i: InvoiceRecord) => ({
  kind: 'invoice' as const,
  id: i.id,
  parkId: i.parkId,
  walletId: i.walletId,
  psp: i.psp,
  pspTxnId: i.paidReference ?? i.id,
  driverId: i.driverId,
  amountMinor: i.amountMinor.toString(),
  currency: i.currency,
  state: 'held' as const,
  reason: i.failureReason ?? 'held for ops',
  since: i.updatedAt,
  action: i.attentionAction,
  createdAt: i.createdAt,
  paidAmountMinor: i.paidAmountMinor?.toString() ?? null,
  paidCurrency: i.paidCurrency,
});

const attentionView = (item: AttentionItem) =>
  item.kind === 'payment' ? paymentView(item.payment) : invoiceView(item.invoice);

const itemSchema = transactionSchema
  .pick({
    id: true,
    walletId: true,
    psp: true,
    pspTxnId: true,
    driverId: true,
    amountMinor: true,
    currency: true,
    state: true,
    createdAt: true,
  })
  .extend({
    kind: z
      .enum(['payment', 'invoice'])
      .describe(
        '`payment`: a transaction (`id` is its prv_txn); `invoice`: an invoice held for ops (`id` is the invoice)',
      ),
    state: z.enum([...PAYMENT_STATES, 'held']).describe("a payment's state, or `held` for an invoice"),
    parkId: z.string(),
    reason: z
      .string()
      .describe('why it was not credited (billing refused, no workflow drives it, the PSP took another amount)'),
    since: z.iso.datetime(),
    action: z.string().nullable().describe('`redrive` while a re-drive runs'),
    paidAmountMinor: z
      .string()
      .nullable()
      .optional()
      .describe('invoices: what the PSP reported paid, integer minor units; a re-drive credits it once ops confirm it'),
    paidCurrency: z.string().nullable().optional().describe('invoices: the currency the PSP reported'),
  });
const listSchema = z.object({ items: z.array(itemSchema) });
const listQuery = z.strictObject({
  attention: z.literal('true').describe('only payments answered success to the PSP but not credited'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const target = {
  parkId: z.string().min(1).max(100),
  transactionId: z.string().regex(/^\d{1,18}$/, 'a transaction id (decimal)'),
};
const actionSchema = z.object({ workflowId: z.string(), transactionId: z.string() });
const invoiceTarget = { parkId: target.parkId, invoiceId: z.guid() };
const invoiceActionSchema = z.object({
  workflowId: z.string(),
  invoiceId: z.string(),
  status: z.enum(['done', 'running']).describe('`running`: the PSP has not answered yet; the workflow goes on'),
});
const invoiceRefusals = {
  404: { description: 'no such invoice in that park', schema: errorBody },
  409: {
    description: 'not held, the other action holds it, or the PSP does not report what ops confirmed',
    schema: errorBody,
  },
};

function answerInvoice(res: Response, action: InvoiceAttentionAction, invoiceId: string) {
  if (action.outcome === 'not_found')
    return void res.status(404).json({ error: 'not_found', message: 'invoice not found' });
  if (action.outcome === 'not_open') return void res.status(409).json({ error: 'conflict', message: action.message });
  res
    .status(action.outcome === 'done' ? 200 : 202)
    .json({ workflowId: action.workflowId, invoiceId, status: action.outcome });
}
const refusals = {
  404: { description: 'no such transaction in that park', schema: errorBody },
  409: { description: 'it does not need attention, or the other action holds it', schema: errorBody },
};

function answer(res: Response, action: AttentionAction, transactionId: string, okStatus: number) {
  if (action.outcome === 'not_found')
    return void res.status(404).json({ error: 'not_found', message: 'transaction not found' });
  if (action.outcome === 'not_open') return void res.status(409).json({ error: 'conflict', message: action.message });
  res.status(okStatus).json({ workflowId: action.workflowId, transactionId });
}

/**
 * Payments the PSP was told succeeded but that were not credited: ops see every park's and finish them (re-drive or
 * settle); a park's dispatchers see their own. The transaction's history records either action.
 */
export function attentionOperations({ paymentAttention, invoiceAttention }: AttentionRoutesDeps): Operation[] {
  const ops = { tag: 'ops', access: 'ops' as const };
  return [
    operation({
      ...ops,
      id: 'listPaymentsNeedingAttention',
      method: 'get',
      path: '/v1/ops/payments',
      summary: 'Payments of every park answered success to the PSP but not credited, oldest first',
      query: listQuery,
      responses: { 200: { description: 'open items', schema: listSchema } },
      async handle({ query }, _req, res) {
        res.json({ items: (await paymentAttention.open(null, query.limit)).map(attentionView) });
      },
    }),
    operation({
      ...ops,
      id: 'redrivePayment',
      method: 'post',
      path: '/v1/ops/payment-redrives',
      summary: 'Credit a payment that needs attention again, after its cause was fixed (once, however often asked)',
      body: z.strictObject(target),
      responses: { 202: { description: 'the re-drive workflow runs', schema: actionSchema }, ...refusals },
      async handle({ body }, _req, res) {
        const action = await paymentAttention.redrive(body.parkId, BigInt(body.transactionId));
        answer(res, action, body.transactionId, 202);
      },
    }),
    operation({
      ...ops,
      id: 'settlePayment',
      method: 'post',
      path: '/v1/ops/payment-settlements',
      summary: 'Mark a payment that needs attention refunded outside the system, with a note (once)',
      body: z.strictObject({ ...target, note: z.string().trim().min(1).max(1000) }),
      responses: { 200: { description: 'settled', schema: actionSchema }, ...refusals },
      async handle({ body }, _req, res) {
        const action = await paymentAttention.settle(body.parkId, BigInt(body.transactionId), body.note);
        answer(res, action, body.transactionId, 200);
      },
    }),
    operation({
      ...ops,
      id: 'redriveInvoice',
      method: 'post',
      path: '/v1/ops/invoice-redrives',
      summary:
        'Credit a held invoice with what the PSP reports paid, which ops confirm as `amountMinor` and `currency` ' +
        '(once, however often asked; refused if the PSP reports anything else)',
      body: z.strictObject({
        ...invoiceTarget,
        amountMinor: z.string().regex(/^[1-9]\d{0,17}$/, 'integer minor units, as the needs-attention list shows'),
        currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
      }),
      responses: {
        200: { description: 'credited: the payment desk took it', schema: invoiceActionSchema },
        202: { description: 'the PSP has not answered yet: the workflow goes on', schema: invoiceActionSchema },
        ...invoiceRefusals,
      },
      async handle({ body }, _req, res) {
        const { parkId, invoiceId, amountMinor, currency } = body;
        answerInvoice(res, await invoiceAttention.redrive(parkId, invoiceId, amountMinor, currency), invoiceId);
      },
    }),
    operation({
      ...ops,
      id: 'settleInvoice',
      method: 'post',
      path: '/v1/ops/invoice-settlements',
      summary: 'Mark a held invoice refunded outside the system, with a note (once)',
      body: z.strictObject({ ...invoiceTarget, note: z.string().trim().min(1).max(1000) }),
      responses: { 200: { description: 'settled', schema: invoiceActionSchema }, ...invoiceRefusals },
      async handle({ body }, _req, res) {
        answerInvoice(res, await invoiceAttention.settle(body.parkId, body.invoiceId, body.note), body.invoiceId);
      },
    }),
    operation({
      tag: 'transactions',
      access: 'park',
      id: 'listParkPaymentsNeedingAttention',
      method: 'get',
      path: '/v1/parks/{parkId}/payments',
      summary: "The park's payments answered success to the PSP but not credited, oldest first (ops finish them)",
      params: z.object({ parkId: z.string().min(1).max(100) }),
      query: listQuery,
      responses: { 200: { description: 'open items', schema: listSchema } },
      async handle({ params, query }, _req, res) {
        res.json({ items: (await paymentAttention.open(params.parkId, query.limit)).map(attentionView) });
      },
    }),
  ];
}
