import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createCredentialActivities, type CredentialDeps } from '../activities/credentials';

export interface MaintenanceWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: CredentialDeps;
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Ops workflows (credential rotation, …) on their own task queue, so they never queue behind payments. */
export function createMaintenanceWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  workflowBundle,
}: MaintenanceWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createCredentialActivities(deps),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
}
