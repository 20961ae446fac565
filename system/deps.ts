import { Client, Connection } from '@temporalio/client';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { createCredentialRotations } from '../application/credential-rotation';
import { createInvoices } from '../application/invoices';
import { createDriverPayability } from '../application/driver-eligibility';
import { createCallbackLinks } from '../application/links';
import { createTransactions } from '../application/transactions';
import { createWallets } from '../application/wallets';
import { createParkNotifications } from '../application/notification-settings';
import type { Config } from '../config';
import { createBillingClient } from '../clients/billing';
import { createDriverProfilesClient } from '../clients/driver-profiles';
import { createUapiKeysClient } from '../clients/uapi-keys';
import { createFleetTransactionsClient } from '../clients/fleet-transactions';
import { createMailer } from '../clients/mailer';
import { createQiwiPullClient } from '../psp/qiwi/client';
import { createCredentialChecks, credentialVerifier } from '../application/credential-checks';
import type { NeighbourOptions } from '../clients/http';
import { createCredentialsCipher } from '../storage/credentials-cipher';
import { createLegacyWalletStore } from '../storage/legacy-wallets';
import { createWalletMigration } from '../application/wallet-migration';
import { adoptLegacyWallets } from '../storage/wallet-migration-copy';
import { createPhaseStore, type WalletPhase } from '../storage/wallet-migration';
import { createMirrorOutbox } from '../storage/wallet-migration-outbox';
import { walletMirrorRepairWorkflowId } from '../domain/wallet-migration';
import { createLinkStore, type LinkIssuer } from '../storage/links';
import { createMigratingWalletStore } from '../storage/migrating-wallets';
import { createNotificationSettingsStore } from '../storage/park-notifications';
import { createDb } from '../storage/prisma';
import { createTransactionStore } from '../storage/transactions';
import { createInvoiceStore } from '../storage/invoices';
import { createPaymentAttentionStore } from '../storage/payment-attention';
import { createProductMetricsStore } from '../storage/product-metrics';
import { createPaymentAttention } from '../application/payment-attention';
import { createInvoiceAttention } from '../application/invoice-attention';
import { createPostgresWalletStore, credentialsSealedByKey } from '../storage/wallets';
import { createUapiKeyLinkIssuer } from '../storage/uapi-key-links';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { observeAttention, observeTransitions } from './payment-metrics';

/** The composition root: every process builds its dependencies here from the one validated config. */
export async function createSystem(config: Config, name: string, log: Logger = createLogger(config.LOG_LEVEL, name)) {
  const db = createDb(config.DATABASE_URL);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 })
    : undefined;
  if (redis) await redis.connect();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const metrics = createMetrics();
  const http: Omit<NeighbourOptions, 'baseUrl'> = {
    timeoutMs: config.NEIGHBOUR_TIMEOUT_MS,
    observe: ({ neighbour, outcome, seconds }) =>
      metrics.neighbourCalls.observe({ service: neighbour, outcome }, seconds),
  };
  const cipher = createCredentialsCipher(config.CREDENTIALS_KEYS);
  const links: LinkIssuer =
    config.LINK_ISSUER === 'uapi-keys'
      ? createUapiKeyLinkIssuer(
          createUapiKeysClient({ baseUrl: config.UAPI_KEYS_URL!, token: config.UAPI_KEYS_TOKEN, ...http }),
        )
      : createLinkStore(db);
  const notificationSettings = createNotificationSettingsStore(db);
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, timeoutMs: config.SMTP_TIMEOUT_MS });
  const postgresWallets = createPostgresWalletStore(db, cipher);
  const legacyWallets = redis && createLegacyWalletStore(redis, cipher);
  const phases = createPhaseStore(db, bootstrapPhase(config));
  const outbox = createMirrorOutbox(db);
  const wallets = createMigratingWalletStore({
    postgres: postgresWallets,
    legacy: legacyWallets,
    phase: () => phases.current(),
    outbox,
    adopt: (wallet) => adoptLegacyWallets(db, [wallet]),
    async scheduleRepair(parkId, walletId) {
      await temporal.workflow.start('walletMirrorRepair', {
        taskQueue: config.MAINTENANCE_TASK_QUEUE,
        workflowId: walletMirrorRepairWorkflowId(parkId, walletId),
        args: [{ parkId, walletId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
    },
    onMirrorFailure: (parkId, walletId, err) =>
      log.warn({ parkId, walletId, err: String(err) }, 'legacy wallet mirror failed; repair scheduled'),
  });

  return {
    config,
    log,
    metrics,
    db,
    redis,
    temporal,
    cipher,
    wallets,
    walletMigration: { db, redis, postgresWallets, legacyWallets, phases, outbox },
    links,
    transactions: observeTransitions(createTransactionStore(db), metrics),
    invoices: createInvoiceStore(db),
    attention: observeAttention(createPaymentAttentionStore(db), metrics),
    billing: createBillingClient({ baseUrl: config.BILLING_URL, ...http }),
    fleetTransactions: createFleetTransactionsClient({ baseUrl: config.FLEET_TRANSACTIONS_URL, ...http }),
    drivers: createDriverProfilesClient({ baseUrl: config.DRIVER_PROFILES_URL, ...http }),
    notificationSettings,
    mailer,
    credentialChecks: createCredentialChecks({
      qiwiPull: createQiwiPullClient({ baseUrl: config.QIWI_API_URL, ...http }),
    }),
    async close() {
      mailer.close();
      await connection.close();
      redis?.disconnect();
      await db.$disconnect();
    },
  };
}

export type System = Awaited<ReturnType<typeof createSystem>>;

/** Before any phase is stored, the legacy flags name the phase (a deployment that never started the migration). */
function bootstrapPhase(config: Config): WalletPhase {
  if (config.WALLET_READ_STORE === 'redis') return 'redis-primary';
  return config.WALLET_DUAL_WRITE ? 'pg-primary' : 'pg-only';
}

/** The use-cases api-internal serves: its routes reach storage and Temporal only through these. */
export function internalUseCases(sys: System) {
  const { wallets, links, transactions, temporal, config } = sys;
  return {
    wallets: createWallets({
      wallets,
      links,
      verify: credentialVerifier({ checks: sys.credentialChecks, wallets }),
    }),
    links: createCallbackLinks({ wallets, links, publicCallbackBaseUrl: config.PUBLIC_CALLBACK_BASE_URL }),
    transactions: createTransactions({ transactions, wallets, temporal }),
    invoices: invoiceUseCases(sys),
    credentialRotations: createCredentialRotations({
      temporal,
      currentKeyId: sys.cipher.currentKeyId,
      sealedByKey: () => credentialsSealedByKey(sys.db),
      maintenanceTaskQueue: config.MAINTENANCE_TASK_QUEUE,
    }),
    notifications: createParkNotifications(sys.notificationSettings),
    walletMigration: createWalletMigration({
      temporal,
      ...sys.walletMigration,
      maintenanceTaskQueue: config.MAINTENANCE_TASK_QUEUE,
    }),
    legacyAuth: {
      secret: config.INTERNAL_JWT_SECRET,
      jwksUrl: config.INTERNAL_JWT_JWKS_URL,
      issuer: config.INTERNAL_JWT_ISSUER,
      audience: config.LEGACY_WALLETS_AUDIENCE,
    },
    paymentAttention: createPaymentAttention({
      transactions,
      attention: sys.attention,
      heldInvoices: sys.invoices,
      temporal,
      taskQueue: config.PAYMENTS_TASK_QUEUE,
    }),
    invoiceAttention: createInvoiceAttention({
      invoices: sys.invoices,
      temporal,
      taskQueue: config.PAYMENTS_TASK_QUEUE,
    }),
    productMetrics: createProductMetricsStore(sys.db),
  };
}

/** Pro's invoices: served by api-internal, asked by api-external when a PSP notifies a bill. */
export function invoiceUseCases(sys: System) {
  const { config } = sys;
  return createInvoices({
    invoices: sys.invoices,
    wallets: sys.wallets,
    temporal: sys.temporal,
    taskQueue: config.PAYMENTS_TASK_QUEUE,
    payable: createDriverPayability(sys),
    timings: {
      ttlSeconds: config.INVOICE_TTL_SECONDS,
      pollInitialMs: config.INVOICE_POLL_INITIAL_MS,
      pollMaxMs: config.INVOICE_POLL_MAX_MS,
    },
  });
}
