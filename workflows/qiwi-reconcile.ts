import { proxyActivities } from '@temporalio/workflow';
import type { QiwiReconcileActivities, ReconcileReport } from '../activities/qiwi-reconcile';

const { reconcileQiwiInvoices } = proxyActivities<QiwiReconcileActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

/** Runs on a Temporal Schedule: settles QIWI invoices that no live invoice workflow is watching. */
export async function qiwiReconcile(
  input: { olderThanSeconds?: number; limit?: number } = {},
): Promise<ReconcileReport> {
  return reconcileQiwiInvoices(input.olderThanSeconds ?? 300, input.limit ?? 200);
}
