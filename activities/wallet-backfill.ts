import { Context } from '@temporalio/activity';
import { scanLegacyParks } from '../storage/legacy-wallets';
import { adoptLegacyWallets, readLegacyWallets } from '../storage/wallet-migration-copy';
import { MAX_SAMPLES } from '../domain/wallet-verification';
import { legacyRedis, type WalletMigrationDeps } from './wallet-migration-deps';

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

export function createBackfillActivities(deps: WalletMigrationDeps) {
  const { db } = deps;
  return {
    /**
     * SCAN steps from `cursor` until `maxParks` parks were copied; heartbeats the cursor after every step, so a retry
     * after a worker died resumes there. Inserts are idempotent on the wallet id, so a step done twice adds nothing.
     */
    async backfillBatch(input: BackfillBatchInput): Promise<BackfillBatchResult> {
      const redis = legacyRedis(deps);
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
  };
}
