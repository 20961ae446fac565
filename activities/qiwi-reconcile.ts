import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { InvoiceInput } from '../domain/invoice';
import type { InvoiceRecord } from '../storage/invoices';
import { createInvoiceActivities, type InvoiceDeps } from './invoice';

export interface QiwiReconcileDeps extends InvoiceDeps {
  temporal: Client;
}

export interface ReconcileReport {
  checked: number;
  credited: number;
  closed: number;
  failed: number;
}

/**
 * The QIWI periodic: QIWI invoices still open with no live workflow (a lost notification, an outage, a worker that
 * was down, a workflow terminated by hand) are settled from QIWI's own answer, with the invoice workflow's activities,
 * so the rules are the same: paid → credited once through the payment desk; rejected, unpaid or expired at QIWI →
 * closed; past our TTL → rejected at QIWI (1419 → credited) and expired. A bill still payable is left waiting and
 * asked again next run. Invoices whose workflow runs are that workflow's business.
 */
export function createQiwiReconcileActivities(deps: QiwiReconcileDeps) {
  const invoice = createInvoiceActivities(deps);

  async function running(workflowId: string): Promise<boolean> {
    try {
      return (await deps.temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  async function settle(i: InvoiceRecord): Promise<'credited' | 'closed' | 'waiting'> {
    const input: InvoiceInput = {
      parkId: i.parkId,
      walletId: i.walletId,
      invoiceId: i.id,
      pollInitialMs: 0,
      pollMaxMs: 0,
      expiresAt: i.expiresAt.toISOString(),
    };
    if (i.status === 'creating') await invoice.createBill(input);
    const state = await invoice.billState(input);
    if (state.kind === 'paid')
      return (await invoice.settleInvoice(input, state.payment)) === 'paid' ? 'credited' : 'closed';
    if (state.kind === 'closed') {
      await invoice.recordInvoice(input, state.why.endsWith('rejected') ? 'cancelled' : 'expired', state.why);
      return 'closed';
    }
    if (i.expiresAt.getTime() > Date.now()) return 'waiting';
    if ((await invoice.rejectBill(input)) === 'paid') {
      const again = await invoice.billState(input);
      if (again.kind === 'paid')
        return (await invoice.settleInvoice(input, again.payment)) === 'paid' ? 'credited' : 'closed';
    }
    await invoice.recordInvoice(input, 'expired', 'TTL reached (QIWI periodic)');
    return 'closed';
  }

  return {
    async reconcileQiwiInvoices(olderThanSeconds: number, limit: number): Promise<ReconcileReport> {
      const stale = await deps.invoices.stale('qiwi', new Date(Date.now() - olderThanSeconds * 1000), limit);
      const report: ReconcileReport = { checked: 0, credited: 0, closed: 0, failed: 0 };
      for (const i of stale) {
        if (await running(i.workflowId)) continue;
        report.checked += 1;
        try {
          const outcome = await settle(i);
          if (outcome !== 'waiting') report[outcome] += 1;
        } catch {
          // One wallet's bad credentials or QIWI refusal must not stop the others; the next run asks again.
          report.failed += 1;
        }
      }
      return report;
    },
  };
}

export type QiwiReconcileActivities = ReturnType<typeof createQiwiReconcileActivities>;
