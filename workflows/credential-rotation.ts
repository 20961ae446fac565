import { continueAsNew, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CredentialActivities } from '../activities/credentials';

// A batch is a few hundred small updates; a worker without the target key retries until one with it is deployed.
const { resealBatch } = proxyActivities<CredentialActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const BATCH_SIZE = 200;
/** Batches per run before continuing as new, so the history stays small however many wallets there are. */
const BATCHES_PER_RUN = 50;
const MAX_REPORTED_UNREADABLE = 100;

export interface RotationProgress {
  targetKeyId: string;
  /** Passes over the wallet table; a pass that re-sealed something is followed by one more to catch late writers. */
  pass: number;
  /** Last wallet id of the current pass; the next batch starts after it. */
  cursor: string | null;
  resealed: number;
  /** Wallets whose credentials name a key no longer in the ring: they cannot be re-sealed (ids, at most 100). */
  unreadable: string[];
  resealedThisPass: number;
  /** Runs of this workflow id so far (each continue-as-new starts one). */
  runs: number;
  done: boolean;
}

export interface RotationInput {
  targetKeyId: string;
  batchSize?: number;
  batchesPerRun?: number;
  /** Carried across continue-as-new; absent on the first run. */
  progress?: RotationProgress;
}

export const rotationProgressQuery = defineQuery<RotationProgress>('progress');

export { credentialRotationWorkflowId } from '../domain/credential-rotation';

/** Re-seals every wallet's credentials under `targetKeyId`, resumable from its progress (carried across runs). */
export async function credentialRotation(input: RotationInput): Promise<RotationProgress> {
  const { targetKeyId, batchSize = BATCH_SIZE, batchesPerRun = BATCHES_PER_RUN } = input;
  const progress: RotationProgress = input.progress
    ? { ...input.progress, runs: input.progress.runs + 1 }
    : { targetKeyId, pass: 1, cursor: null, resealed: 0, unreadable: [], resealedThisPass: 0, runs: 1, done: false };
  setHandler(rotationProgressQuery, () => progress);

  for (let batches = 0; ; batches++) {
    if (batches === batchesPerRun)
      await continueAsNew<typeof credentialRotation>({ targetKeyId, batchSize, batchesPerRun, progress });
    const batch = await resealBatch({ targetKeyId, afterId: progress.cursor, limit: batchSize });
    progress.resealed += batch.resealed;
    progress.resealedThisPass += batch.resealed;
    for (const id of batch.unreadable) {
      if (progress.unreadable.length < MAX_REPORTED_UNREADABLE && !progress.unreadable.includes(id))
        progress.unreadable.push(id);
    }
    if (batch.lastId !== null && batch.seen === batchSize) {
      progress.cursor = batch.lastId;
      continue;
    }
    // End of a pass. Writers still on the old ring may have sealed behind the cursor: go again until a pass is clean.
    if (progress.resealedThisPass === 0) break;
    progress.pass += 1;
    progress.cursor = null;
    progress.resealedThisPass = 0;
  }
  progress.done = true;
  return progress;
}
