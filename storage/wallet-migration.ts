import type { DifferenceSample, VerifyCounts } from '../domain/wallet-verification';
import type { Db } from './prisma';

/**
 * The migration phase as data. `redis-primary`: reads from Redis, writes to both. `pg-primary`: reads from Postgres,
 * writes to both. `pg-only`: Postgres alone. The newest row of `wallet_migration_phases` is the phase in force; each
 * process reads it through a cache of at most PHASE_CACHE_MS, so a move reaches every process within seconds.
 */
export const PHASES = ['redis-primary', 'pg-primary', 'pg-only'] as const;
export type WalletPhase = (typeof PHASES)[number];

export const PHASE_CACHE_MS = 1000;

export const phaseRank = (p: WalletPhase) => PHASES.indexOf(p);
export const readsRedis = (p: WalletPhase) => p === 'redis-primary';
export const mirrorsToRedis = (p: WalletPhase) => p !== 'pg-only';

export interface PhaseChange {
  phase: WalletPhase;
  previous: WalletPhase | null;
  forced: boolean;
  reason: string | null;
  changedBy: string | null;
  changedAt: Date;
}

export interface StoredPhase {
  phase: WalletPhase;
  /** `stored`: a row decides; `bootstrap`: no move was ever made, the process flags decide. */
  source: 'stored' | 'bootstrap';
  history: PhaseChange[];
}

const toChange = (row: Awaited<ReturnType<Db['walletMigrationPhase']['findFirstOrThrow']>>): PhaseChange => ({
  phase: row.phase as WalletPhase,
  previous: (row.previous as WalletPhase | null) ?? null,
  forced: row.forced,
  reason: row.reason,
  changedBy: row.changedBy,
  changedAt: row.changedAt,
});

export function createPhaseStore(db: Db, bootstrap: WalletPhase, cacheMs = PHASE_CACHE_MS) {
  let cached: { phase: WalletPhase; until: number } | undefined;
  let inFlight: Promise<WalletPhase> | undefined;

  const read = async (): Promise<WalletPhase> => {
    const row = await db.walletMigrationPhase.findFirst({ orderBy: { id: 'desc' }, select: { phase: true } });
    return (row?.phase as WalletPhase | undefined) ?? bootstrap;
  };

  return {
    bootstrap,
    /** The phase in force, at most `cacheMs` old; concurrent callers share one query. */
    async current(): Promise<WalletPhase> {
      if (cached && cached.until > Date.now()) return cached.phase;
      inFlight ??= read()
        .then((phase) => {
          cached = { phase, until: Date.now() + cacheMs };
          return phase;
        })
        .finally(() => (inFlight = undefined));
      return inFlight;
    },
    async stored(historyLimit = 10): Promise<StoredPhase> {
      const rows = await db.walletMigrationPhase.findMany({ orderBy: { id: 'desc' }, take: historyLimit });
      const history = rows.map(toChange);
      return { phase: history[0]?.phase ?? bootstrap, source: history.length ? 'stored' : 'bootstrap', history };
    },
    /**
     * Records a move if `allowed` says so, judged under a lock so two operators cannot both move from one phase.
     * Returns the refusal, or the recorded change.
     */
    async move(
      to: WalletPhase,
      meta: { forced: boolean; reason: string | null; changedBy: string | null },
      allowed: (from: StoredPhase) => Promise<string | null>,
    ): Promise<{ refused: string } | { change: PhaseChange }> {
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('wallet_migration_phases'))`;
        const last = await tx.walletMigrationPhase.findFirst({ orderBy: { id: 'desc' } });
        const from: StoredPhase = last
          ? { phase: last.phase as WalletPhase, source: 'stored', history: [toChange(last)] }
          : { phase: bootstrap, source: 'bootstrap', history: [] };
        const refused = await allowed(from);
        if (refused) return { refused };
        const row = await tx.walletMigrationPhase.create({ data: { phase: to, previous: from.phase, ...meta } });
        cached = undefined;
        return { change: toChange(row) };
      });
    },
  };
}

export type PhaseStore = ReturnType<typeof createPhaseStore>;

export type { DifferenceKind, DifferenceSample } from '../domain/wallet-verification';

export interface Verification extends VerifyCounts {
  workflowId: string;
  parkPrefix: string;
  finishedAt: Date;
}

export const isClean = (v: Pick<Verification, 'missing' | 'extra' | 'different'>) =>
  v.missing + v.extra + v.different === 0;

export async function recordVerification(db: Db, v: Omit<Verification, 'finishedAt'>): Promise<void> {
  await db.walletMigrationVerification.create({ data: { ...v, samples: v.samples as object[] } });
}

/** The newest verification of that scope (`''`: every park, the only one a phase move trusts). */
export async function lastVerification(db: Db, parkPrefix = ''): Promise<Verification | null> {
  const row = await db.walletMigrationVerification.findFirst({ where: { parkPrefix }, orderBy: { id: 'desc' } });
  if (!row) return null;
  const { id: _id, samples, ...rest } = row;
  return { ...rest, samples: samples as unknown as DifferenceSample[] };
}
