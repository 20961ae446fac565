import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client } from '@temporalio/client';
import { redriveWorkflowId, settlementWorkflowId } from '../domain/payment-attention';
import type { InvoiceRecord, InvoiceStore } from '../storage/invoices';
import type { AttentionRecord, PaymentAttentionStore } from '../storage/payment-attention';
import type { TransactionStore } from '../storage/transactions';
import type { paymentRedrive, paymentSettlement } from '../workflows/payment-attention';
import { paymentInput } from './payment-workflows';
import { executeOrJoin } from './workflow-runs';

export interface PaymentAttentionDeps {
  transactions: Pick<TransactionStore, 'get'>;
  attention: PaymentAttentionStore;
  /** Invoices held for ops (the PSP took another amount): listed beside the payments; ops finish them by invoice. */
  heldInvoices?: Pick<InvoiceStore, 'held'>;
  temporal: Client;
  taskQueue: string;
}

export type AttentionItem =
  { kind: 'payment'; since: Date; payment: AttentionRecord } | { kind: 'invoice'; since: Date; invoice: InvoiceRecord };

/** `not_open`: nothing to do (never needed attention, already credited or settled, or the other action holds it). */
export type AttentionAction =
  | { outcome: 'started' | 'settled'; workflowId: string }
  | { outcome: 'not_found' }
  | { outcome: 'not_open'; workflowId?: string; message: string };

/** A settlement is one database write: the caller waits for it, but never longer than this. */
const SETTLE_DEADLINE_MS = 10_000;

/**
 * Payments answered success to the PSP but not credited, and ops' two ways out. Each action is a workflow whose id is
 * the payment's plus the action: a repeat while it runs joins it, a repeat after it succeeded finds it done
 * (REJECT for a completed run), and only a run that failed (billing refused again) may be followed by a new one.
 */
export function createPaymentAttention({
  transactions,
  attention,
  heldInvoices,
  temporal,
  taskQueue,
}: PaymentAttentionDeps) {
  const start = {
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    taskQueue,
  } as const;

  return {
    /** One park's open items, or (parkId null) every park's, oldest first: payments and held invoices together. */
    async open(parkId: string | null, limit: number): Promise<AttentionItem[]> {
      const [payments, held] = await Promise.all([attention.open(parkId, limit), heldInvoices?.held(parkId, limit)]);
      const items: AttentionItem[] = [
        ...payments.map((payment) => ({ kind: 'payment' as const, since: payment.attentionAt, payment })),
        ...(held ?? []).map((invoice) => ({ kind: 'invoice' as const, since: invoice.updatedAt, invoice })),
      ];
      return items.sort((a, b) => a.since.getTime() - b.since.getTime()).slice(0, limit);
    },

    async redrive(parkId: string, id: bigint): Promise<AttentionAction> {
      const t = await transactions.get(parkId, id);
      if (!t) return { outcome: 'not_found' };
      const workflowId = redriveWorkflowId(t.walletId, t.pspTxnId);
      const now = await attention.get(parkId, id);
      if (now?.attentionResolvedAt && now.attentionAction === 'redrive') return { outcome: 'started', workflowId };
      if (!now?.attentionReason || now.attentionResolvedAt) {
        return { outcome: 'not_open', message: 'the payment does not need attention' };
      }
      if (t.cancelledAt) return { outcome: 'not_open', message: 'the PSP cancelled the payment: settle it instead' };
      try {
        await temporal.workflow.start<typeof paymentRedrive>('paymentRedrive', {
          ...start,
          workflowId,
          args: [paymentInput(t)],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      return { outcome: 'started', workflowId };
    },

    async settle(parkId: string, id: bigint, note: string): Promise<AttentionAction> {
      const t = await transactions.get(parkId, id);
      if (!t) return { outcome: 'not_found' };
      const workflowId = settlementWorkflowId(t.walletId, t.pspTxnId);
      const run = () =>
        temporal.workflow.execute<typeof paymentSettlement>('paymentSettlement', {
          ...start,
          workflowId,
          args: [{ payment: paymentInput(t), note }],
        });
      try {
        // Settled by an earlier request: its run completed, and its result stands.
        await executeOrJoin(temporal, workflowId, SETTLE_DEADLINE_MS, run);
      } catch (err) {
        if (!(err instanceof WorkflowFailedError)) throw err;
        return {
          outcome: 'not_open',
          workflowId,
          message: 'the payment does not need attention, or a re-drive holds it',
        };
      }
      return { outcome: 'settled', workflowId };
    },
  };
}

export type PaymentAttention = ReturnType<typeof createPaymentAttention>;
