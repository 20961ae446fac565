import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import { createCallbackHandler } from '../api-external/callback-handler';
import { createExternalApp } from '../api-external/app';
import { createPaymentDesk } from '../application/payment-desk';
import { createInternalApp } from '../api-internal/app';
import { createMaintenanceWorker } from '../workers/maintenance';
import { createPspVerifiers } from '../activities/psp-verifiers';
import { createPaymentWorkflows } from '../application/payment-workflows';
import { createPaymentsWorker, invoiceActivityDeps } from '../workers/payments';
import { internalUseCases, invoiceUseCases, type System } from './deps';
import { metricsHandler } from './metrics';
import { trackStuckPayments } from './payment-metrics';
import { trackProductMetrics } from './product-metrics';
import { createProductMetricsStore } from '../storage/product-metrics';
import { createLinkAndWalletLookup } from '../storage/links';
import { credentialReminderSchedule, paymentSweepSchedule, qiwiReconcileSchedule } from '../workers/schedules';

export interface Running {
  url: string;
  close(): Promise<void>;
}

function listen(app: RequestListener, port: number, host: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const server = createServer(app).listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${actual}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.on('error', reject);
  });
}

export function startApiExternal(
  sys: System,
  port = sys.config.API_EXTERNAL_PORT,
  host = '127.0.0.1',
): Promise<Running> {
  const desk = createPaymentDesk({
    transactions: sys.transactions,
    temporal: sys.temporal,
    taskQueue: sys.config.PAYMENTS_TASK_QUEUE,
  });
  const handle = createCallbackHandler({
    links: sys.links,
    wallets: sys.wallets,
    linkAndWallet:
      sys.config.LINK_ISSUER === 'local'
        ? createLinkAndWalletLookup(sys.db, () => sys.walletMigration.phases.current())
        : undefined,
    drivers: sys.drivers,
    billing: sys.billing,
    desk,
    invoices: invoiceUseCases(sys),
    log: sys.log,
  });
  const app = createExternalApp({
    handle,
    maxBodyBytes: sys.config.MAX_BODY_BYTES,
    trustedProxies: sys.config.TRUSTED_PROXIES,
    metrics: sys.metrics,
  });
  return listen(app, port, host);
}

export function startApiInternal(
  sys: System,
  port = sys.config.API_INTERNAL_PORT,
  host = '127.0.0.1',
): Promise<Running> {
  const app = createInternalApp({
    ...internalUseCases(sys),
    log: sys.log,
    metrics: sys.metrics.registry,
    auth: {
      secret: sys.config.INTERNAL_JWT_SECRET,
      jwksUrl: sys.config.INTERNAL_JWT_JWKS_URL,
      issuer: sys.config.INTERNAL_JWT_ISSUER,
      audience: sys.config.INTERNAL_JWT_AUDIENCE,
    },
  });
  return listen(app, port, host);
}

/** The worker process's `/metrics` (payments, neighbours, stuck payments); the SDK's own metrics have their own port. */
export function startWorkerMetrics(
  sys: System,
  port = sys.config.WORKER_METRICS_PORT,
  host = '127.0.0.1',
): Promise<Running> {
  trackStuckPayments(sys.metrics.registry, sys.db, sys.log);
  const product = trackProductMetrics(sys.metrics.registry, createProductMetricsStore(sys.db), sys.log);
  const scrape = metricsHandler(sys.metrics.registry);
  return listen(
    (req, res) => (req.url === '/metrics' ? scrape(req, res) : void res.writeHead(404).end()),
    port,
    host,
  ).then((running) => ({
    url: running.url,
    close: () => {
      product.stop();
      return running.close();
    },
  }));
}

export interface RunningWorker {
  close(): Promise<void>;
  done: Promise<void>;
}

/** Runs the payments worker until `close()`; the worker's connection is closed after it stops. */
export async function startPaymentsWorker(
  sys: System,
  workflowBundle?: WorkerOptions['workflowBundle'],
): Promise<RunningWorker> {
  if (sys.config.PAYMENT_SWEEP_INTERVAL_SECONDS > 0) {
    await paymentSweepSchedule.ensure(
      sys.temporal,
      sys.config.PAYMENTS_TASK_QUEUE,
      sys.config.PAYMENT_SWEEP_INTERVAL_SECONDS,
    );
  }
  if (sys.config.QIWI_RECONCILE_INTERVAL_SECONDS > 0) {
    await qiwiReconcileSchedule.ensure(
      sys.temporal,
      sys.config.PAYMENTS_TASK_QUEUE,
      sys.config.QIWI_RECONCILE_INTERVAL_SECONDS,
    );
  }
  const connection = await NativeConnection.connect({ address: sys.config.TEMPORAL_ADDRESS });
  const worker = await createPaymentsWorker({
    connection,
    namespace: sys.config.TEMPORAL_NAMESPACE,
    taskQueue: sys.config.PAYMENTS_TASK_QUEUE,
    deps: {
      billing: sys.billing,
      fleetTransactions: sys.fleetTransactions,
      transactions: sys.transactions,
      attention: sys.attention,
      pspVerifiers: createPspVerifiers({
        credentials: (parkId, walletId) => sys.wallets.credentials(parkId, walletId),
        config: sys.config,
      }),
      workflows: createPaymentWorkflows(sys.temporal, sys.config.PAYMENTS_TASK_QUEUE, sys.transactions),
      invoice: invoiceActivityDeps(sys),
      temporal: sys.temporal,
    },
    workflowBundle,
  }).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  return runWorker(worker, connection);
}

/** Runs the maintenance worker (credential rotation, expiry reminders) until `close()`. */
export async function startMaintenanceWorker(
  sys: System,
  workflowBundle?: WorkerOptions['workflowBundle'],
): Promise<RunningWorker> {
  if (sys.config.CREDENTIAL_REMINDER_INTERVAL_SECONDS > 0) {
    await credentialReminderSchedule.ensure(
      sys.temporal,
      sys.config.MAINTENANCE_TASK_QUEUE,
      sys.config.CREDENTIAL_REMINDER_INTERVAL_SECONDS,
    );
  }
  const connection = await NativeConnection.connect({ address: sys.config.TEMPORAL_ADDRESS });
  const worker = await createMaintenanceWorker({
    connection,
    namespace: sys.config.TEMPORAL_NAMESPACE,
    taskQueue: sys.config.MAINTENANCE_TASK_QUEUE,
    deps: {
      db: sys.db,
      wallets: sys.wallets,
      cipher: sys.cipher,
      notificationSettings: sys.notificationSettings,
      mailer: sys.mailer,
      credentialChecks: sys.credentialChecks,
      sendTimeoutMs: sys.config.SMTP_TIMEOUT_MS * 3,
      consoleUrl: sys.config.DISPATCHER_CONSOLE_URL,
      walletMigration: sys.walletMigration,
    },
    workflowBundle,
  }).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  return runWorker(worker, connection);
}

function runWorker(worker: Worker, connection: NativeConnection): RunningWorker {
  const done = worker.run().finally(() => connection.close());
  return {
    done,
    async close() {
      // The SDK also stops the worker on SIGINT/SIGTERM by itself; shut down only if that has not begun.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
