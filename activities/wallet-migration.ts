import { createBackfillActivities } from './wallet-backfill';
import { createMirrorActivities } from './wallet-mirror';
import type { WalletMigrationDeps } from './wallet-migration-deps';
import { createVerifyActivities } from './wallet-verify';

export type { WalletMigrationDeps } from './wallet-migration-deps';
export type { BackfillBatchResult } from './wallet-backfill';
export type { VerifyCounts } from './wallet-verify';

/** Ids and counts in, counts out: wallet contents and credentials never enter workflow history. */
export function createWalletMigrationActivities(deps: WalletMigrationDeps) {
  return { ...createBackfillActivities(deps), ...createVerifyActivities(deps), ...createMirrorActivities(deps) };
}

export type WalletMigrationActivities = ReturnType<typeof createWalletMigrationActivities>;
