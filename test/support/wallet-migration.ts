import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { legacyKey, type LegacyWallet } from '../../storage/legacy-wallets';
import type { Db } from '../../storage/prisma';
import type { Harness } from '../../testkit/harness';

/** The phase back to the bootstrap (no stored row), so the suites after this one see the flags they set. */
export async function forgetPhase(db: Db) {
  await db.walletMigrationPhase.deleteMany({});
  await db.walletMigrationVerification.deleteMany({});
}

/**
 * Removes the wallets a suite planted under its park prefix, from both stores: their made-up ciphertexts would
 * otherwise count as credentials no ring key opens in the suites after this one (the rotation's).
 */
export async function removePlanted(db: Db, redis: Redis, parkPrefix: string) {
  await db.wallet.deleteMany({ where: { parkId: { startsWith: parkPrefix } } });
  await db.walletMirrorRepair.deleteMany({ where: { parkId: { startsWith: parkPrefix } } });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${legacyKey(parkPrefix)}*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export const ops = { parkId: 'ops', role: 'ops' as const };

export async function movePhase(h: Harness, phase: string, extra: Record<string, unknown> = {}) {
  return h.api('POST', '/v1/ops/wallet-migration/phase', { phase, ...extra }, ops);
}

export function legacyWallet(parkId: string, n: number, over: Partial<LegacyWallet> = {}): LegacyWallet {
  const at = new Date(Date.UTC(2024, 0, 1, 0, 0, n % 60)).toISOString();
  return {
    id: randomUUID(),
    parkId,
    psp: 'qiwi_qvp',
    name: `Legacy ${n}`,
    currency: 'RUB',
    settings: { ipAllowList: ['127.0.0.1/32'] },
    enabled: true,
    createdAt: at,
    updatedAt: at,
    sealedCredentials: null,
    ...over,
  };
}

/** Writes legacy wallets straight into their parks' hashes, as the legacy system did. */
export async function plantLegacy(redis: Redis, wallets: LegacyWallet[]) {
  const pipeline = redis.pipeline();
  for (const w of wallets) pipeline.hset(legacyKey(w.parkId), w.id, JSON.stringify(w));
  await pipeline.exec();
}
