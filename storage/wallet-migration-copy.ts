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
  const { count } = await db.wallet.createMany({
    data: wallets.map((w) => ({
      id: w.id,
      parkId: w.parkId,
      psp: w.psp,
      name: w.name,
      currency: w.currency,
      settings: w.settings as object,
      enabled: w.enabled,
      createdAt: w.createdAt,
      updatedAt: w.updatedAt,
      credentialsCiphertext: w.sealedCredentials?.ciphertext ?? null,
      credentialsKeyId: w.sealedCredentials?.keyId ?? null,
      credentialsUpdatedAt: w.sealedCredentials?.updatedAt ?? null,
    })),
    skipDuplicates: true,
  });
  return count;
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
