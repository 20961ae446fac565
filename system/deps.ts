import { Client, Connection } from '@temporalio/client';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { createCredentialRotations } from '../application/credential-rotation';
import { createInvoices } from '../application/invoices';
import { createCallbackLinks } from '../application/links';
import { createTransactions } from '../application/transactions';
import { createWallets } from '../application/wallets';
import type { Config } from '../config';
import { createBillingClient } from '../clients/billing';
import { createDriverProfilesClient } from '../clients/driver-profiles';
import { createUapiKeysClient } from '../clients/uapi-keys';
import { createFleetTransactionsClient } from '../clients/fleet-transactions';
import { createCredentialsCipher } from '../storage/credentials-cipher';
import { createLegacyWalletStore } from '../storage/legacy-wallets';
import { createLinkStore, type LinkIssuer } from '../storage/links';
import { createMigratingWalletStore } from '../storage/migrating-wallets';
import { createDb } from '../storage/prisma';
import { createTransactionStore } from '../storage/transactions';
import { createInvoiceStore } from '../storage/invoices';
import { createPostgresWalletStore, credentialsSealedByKey } from '../storage/wallets';
import { createUapiKeyLinkIssuer } from '../storage/uapi-key-links';
import { createLogger } from './logger';

/** The composition root: every process builds its dependencies here from the one validated config. */
export async function createSystem(config: Config, name: string, log: Logger = createLogger(config.LOG_LEVEL, name)) {
  const db = createDb(config.DATABASE_URL);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 })
    : undefined;
  if (redis) await redis.connect();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const http = { timeoutMs: config.NEIGHBOUR_TIMEOUT_MS };
  const cipher = createCredentialsCipher(config.CREDENTIALS_KEYS);
  const links: LinkIssuer =
    config.LINK_ISSUER === 'uapi-keys'
      ? createUapiKeyLinkIssuer(
          createUapiKeysClient({ baseUrl: config.UAPI_KEYS_URL!, token: config.UAPI_KEYS_TOKEN, ...http }),
        )
      : createLinkStore(db);

  return {
    config,
    log,
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
    transactions: createTransactionStore(db),
    invoices: createInvoiceStore(db),
    billing: createBillingClient({ baseUrl: config.BILLING_URL, ...http }),
    fleetTransactions: createFleetTransactionsClient({ baseUrl: config.FLEET_TRANSACTIONS_URL, ...http }),
    drivers: createDriverProfilesClient({ baseUrl: config.DRIVER_PROFILES_URL, ...http }),
    async close() {
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
    wallets: createWallets({ wallets, links }),
    links: createCallbackLinks({ wallets, links, publicCallbackBaseUrl: config.PUBLIC_CALLBACK_BASE_URL }),
    transactions: createTransactions({ transactions, wallets, temporal }),
    invoices: invoiceUseCases(sys),
    credentialRotations: createCredentialRotations({
      temporal,
      currentKeyId: sys.cipher.currentKeyId,
      sealedByKey: () => credentialsSealedByKey(sys.db),
      maintenanceTaskQueue: config.MAINTENANCE_TASK_QUEUE,
    }),
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
    timings: {
      ttlSeconds: config.INVOICE_TTL_SECONDS,
      pollInitialMs: config.INVOICE_POLL_INITIAL_MS,
      pollMaxMs: config.INVOICE_POLL_MAX_MS,
    },
  });
}
