import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createCredentialActivities, type CredentialDeps } from '../activities/credentials';
import { createCredentialReminderActivities, type CredentialReminderDeps } from '../activities/credential-reminders';
import { createWalletMigrationActivities, type WalletMigrationDeps } from '../activities/wallet-migration';

export interface MaintenanceWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: CredentialDeps & CredentialReminderDeps & { walletMigration: WalletMigrationDeps };
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Ops workflows (credential rotation, expiry reminders, wallet migration) on their own queue, never behind payments. */
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
    activities: {
      ...createCredentialActivities(deps),
      ...createCredentialReminderActivities(deps),
      ...createWalletMigrationActivities(deps.walletMigration),
    },
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
}
