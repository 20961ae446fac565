import type Redis from 'ioredis';
import type { WalletRecord, WalletStore } from './wallets';

/**
 * The legacy store: one Redis hash per park, `PaySystem:Items:{park_id}`, field = wallet id, value = the wallet as
 * JSON. Kept in step during the migration (dual write) and readable until the read switch moves to Postgres.
 */
export const legacyKey = (parkId: string) => `PaySystem:Items:${parkId}`;

function decode(json: string): WalletRecord {
  const w = JSON.parse(json) as WalletRecord & { createdAt: string; updatedAt: string };
  return { ...w, createdAt: new Date(w.createdAt), updatedAt: new Date(w.updatedAt) };
}

export function createLegacyWalletStore(redis: Redis): WalletStore & { put(wallet: WalletRecord): Promise<void> } {
  const store = {
    async put(wallet: WalletRecord) {
      await redis.hset(legacyKey(wallet.parkId), wallet.id, JSON.stringify(wallet));
    },
    async create(wallet: Parameters<WalletStore['create']>[0]) {
      const now = new Date();
      const record: WalletRecord = { id: wallet.id ?? crypto.randomUUID(), enabled: true, createdAt: now, updatedAt: now, ...wallet } as WalletRecord;
      await store.put(record);
      return record;
    },
    async get(parkId: string, id: string) {
      const json = await redis.hget(legacyKey(parkId), id);
      return json ? decode(json) : null;
    },
    async list(parkId: string) {
      const all = await redis.hgetall(legacyKey(parkId));
      return Object.values(all).map(decode).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async update(parkId: string, id: string, changes: Parameters<WalletStore['update']>[2]) {
      const current = await store.get(parkId, id);
      if (!current) return null;
      const next = { ...current, ...changes, updatedAt: new Date() };
      await store.put(next);
      return next;
    },
    async remove(parkId: string, id: string) {
      return (await redis.hdel(legacyKey(parkId), id)) > 0;
    },
  };
  return store;
}
