import type { LegacyWalletStore } from './legacy-wallets';
import type { WalletRecord, WalletStore } from './wallets';

export interface WalletMigrationFlags {
  dualWrite: boolean;
  readStore: 'postgres' | 'redis';
}

/**
 * The Redis→Postgres seam. Postgres is written first and owns the id; while `dualWrite` is on, the same record then
 * goes to the legacy hash. A failed legacy write fails the call, so a caller never believes a write the reading
 * store may not have; the verify workflow of the migration reconciles any leftover difference. Credentials travel
 * inside the record already sealed (ciphertext + key id), so the mirror never sees plaintext.
 */
export function createMigratingWalletStore(
  postgres: WalletStore,
  legacy: LegacyWalletStore | undefined,
  flags: WalletMigrationFlags,
): WalletStore {
  if ((flags.dualWrite || flags.readStore === 'redis') && !legacy) {
    throw new Error('the legacy wallet store is required while dual write or the Redis read store is on');
  }
  const mirror = async (wallet: WalletRecord | null) => {
    if (wallet && flags.dualWrite) await legacy!.put(wallet);
    return wallet;
  };
  const reader = flags.readStore === 'redis' ? legacy! : postgres;
  return {
    create: async (wallet) => (await mirror(await postgres.create(wallet)))!,
    get: (parkId, id) => reader.get(parkId, id),
    list: (parkId) => reader.list(parkId),
    update: async (parkId, id, changes) => mirror(await postgres.update(parkId, id, changes)),
    async remove(parkId, id) {
      const removed = await postgres.remove(parkId, id);
      if (removed && flags.dualWrite) await legacy!.remove(parkId, id);
      return removed;
    },
    setCredentials: async (parkId, id, plain) => mirror(await postgres.setCredentials(parkId, id, plain)),
    credentials: (parkId, id) => reader.credentials(parkId, id),
    async resealCredentials(parkId, id) {
      const result = await postgres.resealCredentials(parkId, id);
      await mirror(result.wallet);
      return result;
    },
  };
}
