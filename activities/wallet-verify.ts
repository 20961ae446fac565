import { legacyKey, scanLegacyParks } from '../storage/legacy-wallets';
import {
  MAX_SAMPLES,
  emptyVerifyCounts,
  type DifferenceSample,
  type VerifyCounts,
} from '../domain/wallet-verification';
import { recordVerification, type Verification } from '../storage/wallet-migration';
import { readLegacyWallets } from '../storage/wallet-migration-copy';
import type { WalletRecord } from '../storage/wallets';
import { legacyRedis, type WalletMigrationDeps } from './wallet-migration-deps';

export type { VerifyCounts };

const COMPARED = ['psp', 'name', 'currency', 'enabled', 'settings', 'credentials'] as const;

/** Stable JSON (keys sorted), so two equal settings objects compare equal whatever order their keys were written. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

/** Field names that differ: values are compared here and never leave this function. */
export function differingFields(a: WalletRecord, b: WalletRecord): string[] {
  const value = (w: WalletRecord, f: (typeof COMPARED)[number]) =>
    f === 'credentials'
      ? canonical([w.sealedCredentials?.ciphertext ?? null, w.sealedCredentials?.keyId ?? null])
      : canonical(w[f]);
  return COMPARED.filter((f) => value(a, f) !== value(b, f));
}

export function createVerifyActivities(deps: WalletMigrationDeps) {
  const { db, postgresWallets } = deps;
  return {
    /** Pass 1 of a verify: parks that have a legacy hash, compared wallet by wallet with Postgres' live wallets. */
    async verifyRedisBatch(input: { cursor: string; parkPrefix: string; scanCount: number }) {
      const redis = legacyRedis(deps);
      const counts = emptyVerifyCounts();
      const step = await scanLegacyParks(redis, input.cursor, input.scanCount, input.parkPrefix);
      const sample = (s: DifferenceSample) => counts.samples.length < MAX_SAMPLES && counts.samples.push(s);
      for (const park of await readLegacyWallets(redis, step.parkIds)) {
        counts.parks += 1;
        const inPostgres = new Map((await postgresWallets.list(park.parkId)).map((w) => [w.id, w]));
        counts.redisWallets += park.wallets.length + park.rejected.length;
        counts.postgresWallets += inPostgres.size;
        for (const walletId of park.rejected) {
          counts.missing += 1;
          sample({ kind: 'missing', parkId: park.parkId, walletId, fields: ['unreadable'] });
        }
        for (const legacy of park.wallets) {
          const current = inPostgres.get(legacy.id);
          inPostgres.delete(legacy.id);
          if (!current) {
            counts.missing += 1;
            sample({ kind: 'missing', parkId: park.parkId, walletId: legacy.id });
            continue;
          }
          const fields = differingFields(legacy, current);
          if (fields.length) {
            counts.different += 1;
            sample({ kind: 'different', parkId: park.parkId, walletId: legacy.id, fields });
          }
        }
        for (const walletId of inPostgres.keys()) {
          counts.extra += 1;
          sample({ kind: 'extra', parkId: park.parkId, walletId });
        }
      }
      return { cursor: step.cursor, counts };
    },

    /** Pass 2: parks with live wallets in Postgres and no legacy hash at all; all their wallets are extra. */
    async verifyPostgresBatch(input: { afterParkId: string; parkPrefix: string; limit: number }) {
      const redis = legacyRedis(deps);
      const counts = emptyVerifyCounts();
      const parks = await db.$queryRaw<Array<{ park_id: string }>>`
        SELECT DISTINCT park_id FROM wallets
        WHERE deleted_at IS NULL AND park_id > ${input.afterParkId} AND starts_with(park_id, ${input.parkPrefix})
        ORDER BY park_id LIMIT ${input.limit}`;
      const exists = await Promise.all(parks.map((p) => redis.exists(legacyKey(p.park_id))));
      for (const [i, { park_id: parkId }] of parks.entries()) {
        if (exists[i]) continue;
        counts.parks += 1;
        for (const w of await postgresWallets.list(parkId)) {
          counts.postgresWallets += 1;
          counts.extra += 1;
          if (counts.samples.length < MAX_SAMPLES) counts.samples.push({ kind: 'extra', parkId, walletId: w.id });
        }
      }
      return { lastParkId: parks.at(-1)?.park_id ?? null, counts };
    },

    async recordVerification(v: Omit<Verification, 'finishedAt'>): Promise<void> {
      await recordVerification(db, v);
    },
  };
}
