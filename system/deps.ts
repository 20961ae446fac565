import { Client, Connection } from '@temporalio/client';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { createCredentialRotations } from '../application/credential-rotation';
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
import { createLinkStore, type LinkIssuer } from '../storage/links';
import { createMigratingWalletStore } from '../storage/migrating-wallets';
import { createNotificationSettingsStore } from '../storage/park-notifications';
import { createDb } from '../storage/prisma';
import { createTransactionStore } from '../storage/transactions';
import { createPaymentAttentionStore } from '../storage/payment-attention';
import { createProductMetricsStore } from '../storage/product-metrics';
import { createPaymentAttention } from '../application/payment-attention';
import { createPostgresWalletStore, credentialsSealedByKey } from '../storage/wallets';
import { createUapiKeyLinkIssuer } from '../storage/uapi-key-links';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { observeTransitions } from './payment-metrics';

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

  return {
    config,
    log,
    metrics,
    db,
    redis,
    temporal,
    cipher,
    wallets: createMigratingWalletStore(
      createPostgresWalletStore(db, cipher),
      redis && createLegacyWalletStore(redis, cipher),
      {
        dualWrite: config.WALLET_DUAL_WRITE,
        readStore: config.WALLET_READ_STORE,
      },
    ),
    links,
    transactions: observeTransitions(createTransactionStore(db), metrics),
    attention: createPaymentAttentionStore(db),
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

/** The use-cases api-internal serves: its routes reach storage and Temporal only through these. */
export function internalUseCases(sys: System) {
  const { wallets, links, transactions, temporal, config } = sys;
  return {
    wallets: createWallets({
      wallets,
      links,
      verify: credentialVerifier({ checks: sys.credentialChecks, db: sys.db, wallets }),
    }),
    links: createCallbackLinks({ wallets, links, publicCallbackBaseUrl: config.PUBLIC_CALLBACK_BASE_URL }),
    transactions: createTransactions({ transactions, wallets, temporal }),
    credentialRotations: createCredentialRotations({
      temporal,
      currentKeyId: sys.cipher.currentKeyId,
      sealedByKey: () => credentialsSealedByKey(sys.db),
      maintenanceTaskQueue: config.MAINTENANCE_TASK_QUEUE,
    }),
    notifications: createParkNotifications(sys.notificationSettings),
    paymentAttention: createPaymentAttention({
      transactions,
      attention: sys.attention,
      temporal,
      taskQueue: config.PAYMENTS_TASK_QUEUE,
    }),
    productMetrics: createProductMetricsStore(sys.db),
  };
}
