import type { Response } from 'express';
import { z } from 'zod';
import type { AttentionAction, PaymentAttention } from '../application/payment-attention';
import type { AttentionRecord } from '../storage/payment-attention';
import { errorBody, operation, type Operation } from './operations';
import { transactionSchema } from './transactions-routes';

export interface AttentionRoutesDeps {
  paymentAttention: PaymentAttention;
}

const attentionView = (t: AttentionRecord) => ({
  id: t.id.toString(),
  parkId: t.parkId,
  walletId: t.walletId,
  psp: t.psp,
  pspTxnId: t.pspTxnId,
  driverId: t.driverId,
  amountMinor: t.amountMinor.toString(),
  currency: t.currency,
  state: t.state,
  reason: t.attentionReason,
  since: t.attentionAt,
  action: t.attentionAction,
  createdAt: t.createdAt,
});

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
    parkId: z.string(),
    reason: z.string().describe('why it was not credited (billing refused, no workflow drives it)'),
    since: z.iso.datetime(),
    action: z.string().nullable().describe('`redrive` while a re-drive runs'),
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
export function attentionOperations({ paymentAttention }: AttentionRoutesDeps): Operation[] {
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
