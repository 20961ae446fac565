import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createPaymentActivities, type PaymentDeps } from '../activities/payment';
import { createPaymentAttentionActivities, type PaymentAttentionDeps } from '../activities/payment-attention';
import { createPaymentSweepActivities, type PaymentSweepDeps } from '../activities/payment-sweep';

export interface PaymentsWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: PaymentDeps & Pick<PaymentSweepDeps, 'workflows'> & PaymentAttentionDeps;
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
      ...createPaymentAttentionActivities(deps),
    },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
}
