import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createCredentialActivities, type CredentialDeps } from '../activities/credentials';
import { createCredentialReminderActivities, type CredentialReminderDeps } from '../activities/credential-reminders';

export interface MaintenanceWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: CredentialDeps & CredentialReminderDeps;
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Ops workflows (credential rotation, expiry reminders) on their own task queue, never queued behind payments. */
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
    activities: { ...createCredentialActivities(deps), ...createCredentialReminderActivities(deps) },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
}
