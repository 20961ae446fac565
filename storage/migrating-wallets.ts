import type { LegacyWalletStore } from './legacy-wallets';
import { mirrorsToRedis, readsRedis, type WalletPhase } from './wallet-migration';
import type { MirrorOutbox, OutboxMark } from './wallet-migration-outbox';
import type { WalletRecord, WalletStore } from './wallets';

export interface MigratingWalletDeps {
  postgres: WalletStore;
  legacy: LegacyWalletStore | undefined;
  /** The phase in force (cached for a second or so): looked up on every call, so a move needs no restart. */
  phase(): Promise<WalletPhase>;
  outbox: MirrorOutbox;
  /** Starts the retried repair of one wallet's Redis copy (a Temporal workflow); the outbox row is kept till then. */
  scheduleRepair(parkId: string, walletId: string): Promise<void>;
  /** Inserts legacy wallets Postgres does not have yet, leaving any it has untouched (the backfill's own rule). */
  adopt(wallet: WalletRecord): Promise<unknown>;
  onMirrorFailure?(parkId: string, walletId: string, err: unknown): void;
}

/**
 * The Redis→Postgres seam, following the phase. Postgres is the record of every write this service accepts, in every
 * phase: a write first owes a mirror (outbox row), then goes to Postgres, then Redis is given what Postgres now
 * holds. A Redis failure does not fail the call: the owed row stays and a retried repair copies Postgres to Redis,
 * so no write is dropped. In `redis-primary` a wallet that exists only in Redis (not yet backfilled) is first copied
 * into Postgres as it is, then changed there, so a dispatcher's change is never overwritten by the backfill.
 * Credentials travel inside the record already sealed (ciphertext + key id), so the mirror never sees plaintext.
 */
export function createMigratingWalletStore(deps: MigratingWalletDeps): WalletStore {
  const { postgres, legacy, outbox } = deps;
  const legacyStore = (phase: WalletPhase) => {
    if (!legacy) throw new Error(`the wallet migration phase is ${phase}: REDIS_URL (the legacy store) is required`);
    return legacy;
  };
  const reader = async () => {
    const phase = await deps.phase();
    return readsRedis(phase) ? legacyStore(phase) : postgres;
  };

  /** Redis is given what Postgres holds now (live record or nothing), whatever order concurrent writes finish in. */
  const mirror = async (phase: WalletPhase, parkId: string, walletId: string, mark: OutboxMark) => {
    try {
      const current = await postgres.get(parkId, walletId);
      if (current) await legacyStore(phase).put(current);
      else await legacyStore(phase).remove(parkId, walletId);
      await outbox.settle(parkId, walletId, mark);
    } catch (err) {
      deps.onMirrorFailure?.(parkId, walletId, err);
      await deps.scheduleRepair(parkId, walletId).catch(() => undefined);
    }
  };

  /** A wallet only the legacy store knows is copied into Postgres unchanged, so the write below finds it. */
  const adoptLegacy = async (phase: WalletPhase, parkId: string, walletId: string) => {
    if (!readsRedis(phase) || (await postgres.get(parkId, walletId))) return;
    const legacyOnly = await legacyStore(phase).get(parkId, walletId);
    if (legacyOnly) await deps.adopt(legacyOnly);
  };

  async function write<T>(parkId: string, walletId: string, apply: () => Promise<T>): Promise<T> {
    const phase = await deps.phase();
    if (!mirrorsToRedis(phase)) return apply();
    await adoptLegacy(phase, parkId, walletId);
    const mark = await outbox.owe(parkId, walletId);
    const result = await apply();
    await mirror(phase, parkId, walletId, mark);
    return result;
  }

  return {
    create(wallet) {
      const id = wallet.id ?? crypto.randomUUID();
      return write(wallet.parkId, id, () => postgres.create({ ...wallet, id }));
    },
    get: async (parkId, id) => (await reader()).get(parkId, id),
    list: async (parkId) => (await reader()).list(parkId),
    update: (parkId, id, changes) => write(parkId, id, () => postgres.update(parkId, id, changes)),
    remove: (parkId, id) => write(parkId, id, () => postgres.remove(parkId, id)),
    setCredentials: (parkId, id, plain) => write(parkId, id, () => postgres.setCredentials(parkId, id, plain)),
    credentials: async (parkId, id) => (await reader()).credentials(parkId, id),
    resealCredentials: (parkId, id) => write(parkId, id, () => postgres.resealCredentials(parkId, id)),
    recordCredentialCheck: (parkId, id, check) =>
      write(parkId, id, () => postgres.recordCredentialCheck(parkId, id, check)),
  };
}
