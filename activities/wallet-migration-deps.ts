import type Redis from 'ioredis';
import type { LegacyWalletStore } from '../storage/legacy-wallets';
import type { Db } from '../storage/prisma';
import type { MirrorOutbox } from '../storage/wallet-migration-outbox';
import type { WalletStore } from '../storage/wallets';

export interface WalletMigrationDeps {
  db: Db;
  redis: Redis | undefined;
  postgresWallets: WalletStore;
  legacyWallets: LegacyWalletStore | undefined;
  outbox: MirrorOutbox;
}

export function legacyRedis(deps: WalletMigrationDeps): Redis {
  if (!deps.redis) throw new Error('the wallet migration needs REDIS_URL (the legacy store)');
  return deps.redis;
}
