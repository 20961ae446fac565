import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { walletBackfillWorkflowId, walletVerifyWorkflowId } from '../domain/wallet-migration';
import { toLegacy, type LegacyWallet, type LegacyWalletStore } from '../storage/legacy-wallets';
import type { Db } from '../storage/prisma';
import {
  isClean,
  lastVerification,
  phaseRank,
  readsRedis,
  type PhaseChange,
  type PhaseStore,
  type Verification,
  type WalletPhase,
} from '../storage/wallet-migration';
import type { MirrorOutbox } from '../storage/wallet-migration-outbox';
import type { WalletStore } from '../storage/wallets';
import type { BackfillProgress } from '../workflows/wallet-backfill';
import type { VerifyProgress } from '../workflows/wallet-verify';

export interface MigrationReport {
  phase: WalletPhase;
  source: 'stored' | 'bootstrap';
  readsFrom: 'redis' | 'postgres';
  history: PhaseChange[];
  backfill: { workflowId: string; progress: BackfillProgress } | null;
  verification: Verification | null;
  /** Wallets whose Redis copy is owed a repair. */
  owedRepairs: number;
}

export interface PhaseMove {
  phase: WalletPhase;
  force?: boolean;
  reason?: string;
  changedBy?: string;
}

/** Ops: the wallet migration's phase, its backfill and verification, and the legacy system's read of a park. */
export interface WalletMigration {
  report(parkPrefix?: string): Promise<MigrationReport>;
  move(move: PhaseMove): Promise<{ refused: string } | { change: PhaseChange }>;
  startBackfill(parkPrefix?: string): Promise<{ workflowId: string }>;
  startVerify(parkPrefix?: string): Promise<{ workflowId: string }>;
  verifyProgress(parkPrefix?: string): Promise<VerifyProgress | null>;
  /** The park's wallets in the legacy shape, wallet id → wallet, from the store the phase reads. */
  legacyWallets(parkId: string): Promise<Record<string, LegacyWallet>>;
}

export interface WalletMigrationDeps {
  temporal: Client;
  db: Db;
  phases: PhaseStore;
  outbox: MirrorOutbox;
  postgresWallets: WalletStore;
  legacyWallets: LegacyWalletStore | undefined;
  maintenanceTaskQueue: string;
}

/**
 * The move rule. Forward (toward `pg-only`) needs the last verification clean, or `force` with a reason. Backward
 * is a rollback and free, except out of a stored `pg-only`: Redis has not been written since, so it needs `force`.
 * The very first move (from the bootstrap phase) starts the migration and is free. Only a verification of every park
 * counts: one of a pilot group says nothing about the others.
 */
export function moveRefusal(
  from: { phase: WalletPhase; source: 'stored' | 'bootstrap' },
  move: PhaseMove,
  verification: Verification | null,
  owedRepairs: number,
): string | null {
  if (from.source === 'stored' && from.phase === move.phase) return `the phase is ${move.phase} already`;
  if (move.force) return null;
  if (from.source === 'bootstrap' && from.phase !== move.phase) return null;
  if (phaseRank(move.phase) < phaseRank(from.phase))
    return from.phase === 'pg-only' ? 'Redis has missed every write since pg-only; moving back needs force' : null;
  if (!verification) return 'no verification of every park has run yet (POST /v1/ops/wallet-migration/verify)';
  if (!isClean(verification))
    return `the last verification found differences (missing ${verification.missing}, extra ${verification.extra}, different ${verification.different})`;
  if (move.phase === 'pg-only' && owedRepairs > 0) return `${owedRepairs} Redis mirror repairs are still owed`;
  return null;
}

export function createWalletMigration(deps: WalletMigrationDeps): WalletMigration {
  const { temporal, db, phases, outbox, maintenanceTaskQueue } = deps;

  async function progressOf<T>(workflowId: string): Promise<T | null> {
    const handle = temporal.workflow.getHandle(workflowId);
    try {
      const { status } = await handle.describe();
      return status.name === 'RUNNING' ? await handle.query<T>('progress') : ((await handle.result()) as T);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  const start = async (type: string, workflowId: string, parkPrefix: string) => {
    // The id names the scope: a repeat while one runs joins it, one after it finished runs again.
    await temporal.workflow.start(type, {
      taskQueue: maintenanceTaskQueue,
      workflowId,
      args: [{ parkPrefix }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    return { workflowId };
  };

  return {
    async report(parkPrefix = '') {
      const stored = await phases.stored();
      const workflowId = walletBackfillWorkflowId(parkPrefix);
      const progress = await progressOf<BackfillProgress>(workflowId);
      return {
        ...stored,
        readsFrom: readsRedis(stored.phase) ? 'redis' : 'postgres',
        backfill: progress ? { workflowId, progress } : null,
        verification: await lastVerification(db, parkPrefix),
        owedRepairs: await outbox.count(),
      };
    },
    async move(move) {
      const meta = { forced: !!move.force, reason: move.reason ?? null, changedBy: move.changedBy ?? null };
      return phases.move(move.phase, meta, async (from) =>
        moveRefusal(from, move, await lastVerification(db), await outbox.count()),
      );
    },
    startBackfill: (parkPrefix = '') => start('walletBackfill', walletBackfillWorkflowId(parkPrefix), parkPrefix),
    startVerify: (parkPrefix = '') => start('walletVerify', walletVerifyWorkflowId(parkPrefix), parkPrefix),
    verifyProgress: (parkPrefix = '') => progressOf<VerifyProgress>(walletVerifyWorkflowId(parkPrefix)),
    async legacyWallets(parkId) {
      const phase = await phases.current();
      if (readsRedis(phase)) {
        if (!deps.legacyWallets) throw new Error('phase redis-primary needs REDIS_URL (the legacy store)');
        return Object.fromEntries((await deps.legacyWallets.rawList(parkId)).map((w) => [w.id, w]));
      }
      return Object.fromEntries((await deps.postgresWallets.list(parkId)).map((w) => [w.id, toLegacy(w)]));
    },
  };
}
