import { Context } from '@temporalio/activity';
import type Redis from 'ioredis';
import { legacyKey, scanLegacyParks, type LegacyWalletStore } from '../storage/legacy-wallets';
import type { Db } from '../storage/prisma';
import {
  recordVerification,
  type DifferenceSample,
  type MirrorOutbox,
  type Verification,
} from '../storage/wallet-migration';
import { adoptLegacyWallets, readLegacyWallets } from '../storage/wallet-migration-copy';
import type { WalletRecord, WalletStore } from '../storage/wallets';

export interface WalletMigrationDeps {
  db: Db;
  redis: Redis | undefined;
  postgresWallets: WalletStore;
  legacyWallets: LegacyWalletStore | undefined;
  outbox: MirrorOutbox;
}

export const MAX_SAMPLES = 20;
const INSERT_CHUNK = 2000;

export interface BackfillBatchInput {
  cursor: string;
  parkPrefix: string;
  /** SCAN's COUNT hint per step. */
  scanCount: number;
  /** Stop after this many parks (or the end of the keyspace). */
  maxParks: number;
}

export interface BatchCounts {
  parks: number;
  wallets: number;
  inserted: number;
  rejected: number;
  rejectedSamples: string[];
}

export interface BackfillBatchResult extends BatchCounts {
  /** `0`: the SCAN is complete. */
  cursor: string;
}

export interface VerifyCounts {
  parks: number;
  redisWallets: number;
  postgresWallets: number;
  missing: number;
  extra: number;
  different: number;
  samples: DifferenceSample[];
}

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

const emptyCounts = (): VerifyCounts => ({
  parks: 0,
  redisWallets: 0,
  postgresWallets: 0,
  missing: 0,
  extra: 0,
  different: 0,
  samples: [],
});

/** Ids and counts in, counts out: wallet contents and credentials never enter workflow history. */
export function createWalletMigrationActivities(deps: WalletMigrationDeps) {
  const { db, postgresWallets, outbox } = deps;
  const redisOf = () => {
    if (!deps.redis) throw new Error('the wallet migration needs REDIS_URL (the legacy store)');
    return deps.redis;
  };

  /**
   * Gives Redis what Postgres holds now for one wallet, then settles the owed rows written before that read. Says
   * whether a newer write is still owed (its own mirror or this repair's next round will carry it).
   */
  async function mirrorWallet({ parkId, walletId }: { parkId: string; walletId: string }) {
    if (!deps.legacyWallets) throw new Error('the mirror repair needs REDIS_URL (the legacy store)');
    const readAt = await outbox.now();
    const current = await postgresWallets.get(parkId, walletId);
    if (current) await deps.legacyWallets.put(current);
    else await deps.legacyWallets.remove(parkId, walletId);
    await outbox.settle(parkId, walletId, readAt);
    return { stillOwed: await outbox.owed(parkId, walletId) };
  }

  return {
    mirrorWallet,

    /** Repairs the oldest owed mirrors, including any whose repair workflow never started (Temporal was down too). */
    async repairOwed({ limit }: { limit: number }): Promise<{ repaired: number }> {
      const owed = await outbox.oldest(limit);
      for (const row of owed) await mirrorWallet(row);
      return { repaired: owed.length };
    },

    /**
     * SCAN steps from `cursor` until `maxParks` parks were copied; heartbeats the cursor after every step, so a retry
     * after a worker died resumes there. Inserts are idempotent on the wallet id, so a step done twice adds nothing.
     */
    async backfillBatch(input: BackfillBatchInput): Promise<BackfillBatchResult> {
      const redis = redisOf();
      const resumed = Context.current().info.heartbeatDetails as BackfillBatchResult | undefined;
      const acc: BackfillBatchResult = resumed ?? {
        cursor: input.cursor,
        parks: 0,
        wallets: 0,
        inserted: 0,
        rejected: 0,
        rejectedSamples: [],
      };
      do {
        const step = await scanLegacyParks(redis, acc.cursor, input.scanCount, input.parkPrefix);
        const parks = await readLegacyWallets(redis, step.parkIds);
        // One insert per step rather than per park: round trips, not rows, bound the rate.
        const wallets = parks.flatMap((p) => p.wallets);
        for (let i = 0; i < wallets.length; i += INSERT_CHUNK)
          acc.inserted += await adoptLegacyWallets(db, wallets.slice(i, i + INSERT_CHUNK));
        acc.parks += parks.length;
        acc.wallets += wallets.length;
        for (const park of parks) {
          acc.rejected += park.rejected.length;
          for (const id of park.rejected)
            if (acc.rejectedSamples.length < MAX_SAMPLES) acc.rejectedSamples.push(`${park.parkId}/${id}`);
        }
        acc.cursor = step.cursor;
        Context.current().heartbeat(acc);
      } while (acc.cursor !== '0' && acc.parks < input.maxParks);
      return acc;
    },

    /** Pass 1 of a verify: parks that have a legacy hash, compared wallet by wallet with Postgres' live wallets. */
    async verifyRedisBatch(input: { cursor: string; parkPrefix: string; scanCount: number }) {
      const redis = redisOf();
      const counts = emptyCounts();
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
      const redis = redisOf();
      const counts = emptyCounts();
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

export type WalletMigrationActivities = ReturnType<typeof createWalletMigrationActivities>;
