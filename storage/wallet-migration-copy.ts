import type Redis from 'ioredis';
import { fromLegacy, readLegacyParks, type LegacyWallet } from './legacy-wallets';
import type { Db } from './prisma';
import type { WalletRecord } from './wallets';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The backfill's rule: a legacy wallet is inserted only if Postgres has never had that id (live or deleted);
 * otherwise Postgres wins. Every write accepted since dual write began reached Postgres first, so a row there is at
 * least as new as the Redis copy, and a deleted row stays deleted. Idempotent: a repeat inserts nothing.
 */
export async function adoptLegacyWallets(db: Db, wallets: WalletRecord[]): Promise<number> {
  if (wallets.length === 0) return 0;
  const column = <T>(f: (w: WalletRecord) => T) => wallets.map(f);
  const iso = (d: Date | undefined) => d?.toISOString() ?? null;
  // One statement over parallel arrays: a Prisma createMany of thousands of rows spends its time building the query.
  return db.$executeRaw`
    INSERT INTO wallets (id, park_id, psp, name, currency, settings, enabled, created_at, updated_at,
                         credentials_ciphertext, credentials_key_id, credentials_updated_at)
    SELECT id, park_id, psp, name, currency, settings::jsonb, enabled, created_at::timestamptz, updated_at::timestamptz,
           ciphertext, key_id, credentials_updated_at::timestamptz
    FROM unnest(${column((w) => w.id)}::uuid[], ${column((w) => w.parkId)}::text[], ${column((w) => w.psp)}::text[],
                ${column((w) => w.name)}::text[], ${column((w) => w.currency)}::text[],
                ${column((w) => JSON.stringify(w.settings))}::text[], ${column((w) => w.enabled)}::boolean[],
                ${column((w) => iso(w.createdAt))}::text[], ${column((w) => iso(w.updatedAt))}::text[],
                ${column((w) => w.sealedCredentials?.ciphertext ?? null)}::text[],
                ${column((w) => w.sealedCredentials?.keyId ?? null)}::text[],
                ${column((w) => iso(w.sealedCredentials?.updatedAt))}::text[])
      AS t(id, park_id, psp, name, currency, settings, enabled, created_at, updated_at, ciphertext, key_id,
           credentials_updated_at)
    ON CONFLICT DO NOTHING`;
}

export interface ParsedPark {
  parkId: string;
  wallets: WalletRecord[];
  /** Wallet ids that cannot be copied (not a UUID, unreadable JSON, another park's id inside). */
  rejected: string[];
}

/** The parks' legacy hashes, read in one pipeline and parsed; what cannot be copied is named, not guessed at. */
export async function readLegacyWallets(redis: Redis, parkIds: string[]): Promise<ParsedPark[]> {
  return (await readLegacyParks(redis, parkIds)).map(({ parkId, wallets }) => {
    const parsed: WalletRecord[] = [];
    const rejected: string[] = [];
    for (const [walletId, json] of Object.entries(wallets)) {
      try {
        const w = fromLegacy(JSON.parse(json) as LegacyWallet);
        if (!UUID.test(walletId) || w.id !== walletId || w.parkId !== parkId || Number.isNaN(w.updatedAt.getTime()))
          rejected.push(walletId);
        else parsed.push(w);
      } catch {
        rejected.push(walletId);
      }
    }
    return { parkId, wallets: parsed, rejected };
  });
}
