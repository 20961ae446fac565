import { continueAsNew, defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { WalletMigrationActivities } from '../activities/wallet-migration';
import { addVerifyCounts, emptyVerifyCounts, type VerifyCounts } from '../domain/wallet-verification';

const { verifyRedisBatch, verifyPostgresBatch, recordVerification, repairOwed } =
  proxyActivities<WalletMigrationActivities>({
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });

const SCAN_COUNT = 200;
const POSTGRES_PARKS_PER_BATCH = 500;
const BATCHES_PER_RUN = 100;
const OWED_REPAIRS_FIRST = 1000;

export interface VerifyProgress {
  parkPrefix: string;
  /** `redis`: parks with a legacy hash; `postgres`: parks only Postgres has; `done`. */
  stage: 'redis' | 'postgres' | 'done';
  cursor: string;
  counts: VerifyCounts;
  runs: number;
}

export interface VerifyInput {
  parkPrefix?: string;
  progress?: VerifyProgress;
}

export const verifyProgressQuery = defineQuery<VerifyProgress>('progress');

/** Compares the legacy store and Postgres park by park and records the counts; the phase move reads the record. */
export async function walletVerify(input: VerifyInput): Promise<VerifyProgress> {
  const parkPrefix = input.parkPrefix ?? '';
  const progress: VerifyProgress = input.progress
    ? { ...input.progress, runs: input.progress.runs + 1 }
    : { parkPrefix, stage: 'redis', cursor: '0', counts: emptyVerifyCounts(), runs: 1 };
  setHandler(verifyProgressQuery, () => progress);
  // Owed mirrors are settled first, so the comparison shows real differences, not repairs still in flight.
  if (!input.progress) await repairOwed({ limit: OWED_REPAIRS_FIRST });

  for (let batches = 0; progress.stage !== 'done'; batches++) {
    if (batches === BATCHES_PER_RUN) await continueAsNew<typeof walletVerify>({ parkPrefix, progress });
    if (progress.stage === 'redis') {
      const { cursor, counts } = await verifyRedisBatch({ cursor: progress.cursor, parkPrefix, scanCount: SCAN_COUNT });
      addVerifyCounts(progress.counts, counts);
      progress.cursor = cursor;
      if (cursor === '0') progress.stage = 'postgres';
      continue;
    }
    const { lastParkId, counts } = await verifyPostgresBatch({
      afterParkId: progress.cursor === '0' ? '' : progress.cursor,
      parkPrefix,
      limit: POSTGRES_PARKS_PER_BATCH,
    });
    addVerifyCounts(progress.counts, counts);
    if (lastParkId === null) progress.stage = 'done';
    else progress.cursor = lastParkId;
  }
  await recordVerification({ workflowId: workflowInfo().workflowId, parkPrefix, ...progress.counts });
  return progress;
}
