import { WorkflowFailedError, type Client } from '@temporalio/client';
import { invoiceRedriveWorkflowId, invoiceSettlementWorkflowId } from '../domain/invoice';
import type { InvoiceStore } from '../storage/invoices';
import type { invoiceRedrive, invoiceSettlement } from '../workflows/invoice-attention';
import { executeOrJoin } from './workflow-runs';

/** `done`: credited (re-drive) or settled; `running`: the PSP has not answered yet, the workflow goes on. */
export type InvoiceAttentionAction =
  | { outcome: 'done' | 'running'; workflowId: string }
  | { outcome: 'not_found' }
  | { outcome: 'not_open'; workflowId: string; message: string };

export interface InvoiceAttentionDeps {
  invoices: Pick<InvoiceStore, 'get'>;
  temporal: Client;
  taskQueue: string;
}

/** Both actions are short (one PSP question, one database write): the caller waits, but never longer than this. */
const ACTION_DEADLINE_MS = 15_000;

/**
 * Ops' two ways out for a held invoice, each a workflow whose id is the invoice's plus the action: a repeat while it
 * runs joins it, a repeat after it succeeded finds it done, and only a run that was refused may be followed by another.
 */
export function createInvoiceAttention({ invoices, temporal, taskQueue }: InvoiceAttentionDeps) {
  const policies = {
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    taskQueue,
  } as const;

  /** Runs (or joins, or finds finished) the action's workflow; a refused run is ops' answer, not an error. */
  async function run(workflowId: string, start: () => Promise<unknown>): Promise<InvoiceAttentionAction> {
    try {
      await executeOrJoin(temporal, workflowId, ACTION_DEADLINE_MS, start);
    } catch (err) {
      if (err instanceof WorkflowFailedError)
        return { outcome: 'not_open', workflowId, message: err.cause?.message ?? 'the invoice is not held' };
      if (err instanceof Error && /deadline/i.test(err.message)) return { outcome: 'running', workflowId };
      throw err;
    }
    return { outcome: 'done', workflowId };
  }

  return {
    /** Credits what the PSP reports paid, if that is `amountMinor` `currency`, as ops confirmed. */
    async redrive(
      parkId: string,
      invoiceId: string,
      amountMinor: string,
      currency: string,
    ): Promise<InvoiceAttentionAction> {
      const invoice = await invoices.get(parkId, invoiceId);
      if (!invoice) return { outcome: 'not_found' };
      const workflowId = invoiceRedriveWorkflowId(invoice.walletId, invoice.id);
      return run(workflowId, () =>
        temporal.workflow.execute<typeof invoiceRedrive>('invoiceRedrive', {
          ...policies,
          workflowId,
          args: [{ parkId, invoiceId, amountMinor, currency }],
        }),
      );
    },

    async settle(parkId: string, invoiceId: string, note: string): Promise<InvoiceAttentionAction> {
      const invoice = await invoices.get(parkId, invoiceId);
      if (!invoice) return { outcome: 'not_found' };
      const workflowId = invoiceSettlementWorkflowId(invoice.walletId, invoice.id);
      return run(workflowId, () =>
        temporal.workflow.execute<typeof invoiceSettlement>('invoiceSettlement', {
          ...policies,
          workflowId,
          args: [{ parkId, invoiceId, note }],
        }),
      );
    },
  };
}

export type InvoiceAttention = ReturnType<typeof createInvoiceAttention>;
