import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createPaymentActivities, type PaymentDeps } from '../activities/payment';
import { createPaymentAttentionActivities, type PaymentAttentionDeps } from '../activities/payment-attention';
import { createPaymentSweepActivities, type PaymentSweepDeps } from '../activities/payment-sweep';
import { createInvoiceActivities, type InvoiceDeps } from '../activities/invoice';
import { createQiwiReconcileActivities } from '../activities/qiwi-reconcile';
import { createDriverPayability } from '../application/driver-eligibility';
import { createPaymentDesk } from '../application/payment-desk';
import { createPaystackClient } from '../psp/paystack/client';
import { createQiwiPullClient } from '../psp/qiwi/client';
import type { System } from '../system/deps';

export interface PaymentsWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: PaymentDeps &
    Pick<PaymentSweepDeps, 'workflows'> &
    PaymentAttentionDeps & { invoice: InvoiceDeps; temporal: Client };
  /** A prebuilt workflow bundle (tests build one per run); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export function createPaymentsWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  workflowBundle,
}: PaymentsWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: {
      ...createPaymentActivities(deps),
      ...createPaymentSweepActivities(deps),
      ...createInvoiceActivities(deps.invoice),
      ...createQiwiReconcileActivities({ ...deps.invoice, temporal: deps.temporal }),
      ...createPaymentAttentionActivities(deps),
    },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
}

/** The invoice workflow's activities: PSP clients, and the payment desk through which a paid invoice is credited. */
export function invoiceActivityDeps(sys: System): InvoiceDeps {
  const http = { timeoutMs: sys.config.NEIGHBOUR_TIMEOUT_MS };
  return {
    invoices: sys.invoices,
    wallets: sys.wallets,
    qiwi: createQiwiPullClient({ baseUrl: sys.config.QIWI_API_URL, ...http }),
    paystack: createPaystackClient({ baseUrl: sys.config.PAYSTACK_API_URL, ...http }),
    desk: createPaymentDesk({
      transactions: sys.transactions,
      temporal: sys.temporal,
      taskQueue: sys.config.PAYMENTS_TASK_QUEUE,
    }),
    payable: createDriverPayability(sys),
  };
}
