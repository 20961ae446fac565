import { continueAsNew, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { WalletMigrationActivities } from '../activities/wallet-migration';
import { MAX_SAMPLES } from '../domain/wallet-verification';

// A batch is a few hundred parks' hashes and one insert each; the heartbeat carries the SCAN cursor, so a worker
// killed mid-batch costs at most one SCAN step when the retry resumes on another worker.
const { backfillBatch } = proxyActivities<WalletMigrationActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const SCAN_COUNT = 200;
const PARKS_PER_BATCH = 200;
/** Batches per run before continuing as new, so the history stays small however many parks there are. */
const BATCHES_PER_RUN = 50;

export interface BackfillProgress {
  parkPrefix: string;
  /** SCAN cursor after the last finished batch; `0` at the start and again when done. */
  cursor: string;
  batches: number;
  parks: number;
  /** Legacy wallets read (a wallet SCAN returned twice is read twice, inserted once). */
  wallets: number;
  inserted: number;
  /** Already in Postgres: Postgres wins (see storage/wallet-migration-copy.ts). */
  skipped: number;
  rejected: number;
  rejectedSamples: string[];
  runs: number;
  done: boolean;
}

export interface BackfillInput {
  parkPrefix?: string;
  parksPerBatch?: number;
  batchesPerRun?: number;
  scanCount?: number;
  progress?: BackfillProgress;
}

export const backfillProgressQuery = defineQuery<BackfillProgress>('progress');

/** Copies every legacy wallet (`PaySystem:Items:*`) into Postgres, resumable from its progress across runs. */
export async function walletBackfill(input: BackfillInput): Promise<BackfillProgress> {
  const { parkPrefix = '', parksPerBatch = PARKS_PER_BATCH, batchesPerRun = BATCHES_PER_RUN } = input;
  const scanCount = input.scanCount ?? SCAN_COUNT;
  const progress: BackfillProgress = input.progress
    ? { ...input.progress, runs: input.progress.runs + 1 }
    : {
        parkPrefix,
        cursor: '0',
        batches: 0,
        parks: 0,
        wallets: 0,
        inserted: 0,
        skipped: 0,
        rejected: 0,
        rejectedSamples: [],
        runs: 1,
        done: false,
      };
  setHandler(backfillProgressQuery, () => progress);

  for (let batches = 0; ; batches++) {
    if (batches === batchesPerRun)
      await continueAsNew<typeof walletBackfill>({ parkPrefix, parksPerBatch, batchesPerRun, scanCount, progress });
    const batch = await backfillBatch({
      cursor: progress.cursor,
      parkPrefix,
      scanCount,
      maxParks: parksPerBatch,
    });
    progress.batches += 1;
    progress.parks += batch.parks;
    progress.wallets += batch.wallets;
    progress.inserted += batch.inserted;
    progress.skipped += batch.wallets - batch.inserted;
    progress.rejected += batch.rejected;
    for (const id of batch.rejectedSamples)
      if (progress.rejectedSamples.length < MAX_SAMPLES) progress.rejectedSamples.push(id);
    progress.cursor = batch.cursor;
    if (batch.cursor === '0') break;
  }
  progress.done = true;
  return progress;
}
