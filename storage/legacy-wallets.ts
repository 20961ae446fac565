import type Redis from 'ioredis';
import type { CredentialsCipher } from './credentials-cipher';
import {
  hasPlainCredentials,
  type PlainCredentials,
  type SealedCredentials,
  type WalletRecord,
  type WalletStore,
} from './wallets';

/**
 * The legacy store: one Redis hash per park, `PaySystem:Items:{park_id}`, field = wallet id, value = the wallet as
 * JSON. Kept in step during the migration (dual write) and readable until the read switch moves to Postgres.
 * Credentials are kept here exactly as in Postgres: the sealed JWE and its key id (`sealedCredentials`), never
 * plaintext, so reading from Redis still serves them and a rotation's re-seal is mirrored like any other write.
 */
export const legacyKey = (parkId: string) => `PaySystem:Items:${parkId}`;

type Stored = WalletRecord & {
  createdAt: string;
  updatedAt: string;
  sealedCredentials?:
    (SealedCredentials & { updatedAt: string; expiresAt?: string | null; invalidAt?: string | null }) | null;
};

const dateOrNull = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

function decode(json: string): WalletRecord {
  const w = JSON.parse(json) as Stored;
  const sealed = w.sealedCredentials
    ? {
        ...w.sealedCredentials,
        updatedAt: new Date(w.sealedCredentials.updatedAt),
        expiresAt: dateOrNull(w.sealedCredentials.expiresAt),
        invalidAt: dateOrNull(w.sealedCredentials.invalidAt),
      }
    : null;
  return { ...w, createdAt: new Date(w.createdAt), updatedAt: new Date(w.updatedAt), sealedCredentials: sealed };
}

export type LegacyWalletStore = WalletStore & { put(wallet: WalletRecord): Promise<void> };

export function createLegacyWalletStore(redis: Redis, cipher: CredentialsCipher): LegacyWalletStore {
  const sealedOf = async (
    plain: PlainCredentials | null,
    expiresAt?: Date | null,
  ): Promise<SealedCredentials | null> =>
    hasPlainCredentials(plain)
      ? { ...(await cipher.seal(plain)), updatedAt: new Date(), expiresAt: expiresAt ?? null, invalidAt: null }
      : null;

  const store: LegacyWalletStore = {
    async put(wallet: WalletRecord) {
      await redis.hset(legacyKey(wallet.parkId), wallet.id, JSON.stringify(wallet));
    },
    async create({ credentials, credentialsExpireAt, ...wallet }) {
      const now = new Date();
      const record: WalletRecord = {
        id: wallet.id ?? crypto.randomUUID(),
        enabled: true,
        createdAt: now,
        updatedAt: now,
        ...wallet,
        sealedCredentials: await sealedOf(credentials ?? null, credentialsExpireAt),
      };
      await store.put(record);
      return record;
    },
    async get(parkId: string, id: string) {
      const json = await redis.hget(legacyKey(parkId), id);
      return json ? decode(json) : null;
    },
    async list(parkId: string) {
      const all = await redis.hgetall(legacyKey(parkId));
      return Object.values(all)
        .map(decode)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async update(parkId, id, { credentials, credentialsExpireAt, ...changes }) {
      const current = await store.get(parkId, id);
      if (!current) return null;
      const kept = current.sealedCredentials;
      const sealed =
        credentials !== undefined
          ? await sealedOf(credentials, credentialsExpireAt)
          : kept && credentialsExpireAt !== undefined
            ? { ...kept, expiresAt: credentialsExpireAt }
            : kept;
      const next = { ...current, ...changes, sealedCredentials: sealed, updatedAt: new Date() };
      await store.put(next);
      return next;
    },
    async remove(parkId: string, id: string) {
      return (await redis.hdel(legacyKey(parkId), id)) > 0;
    },
    setCredentials: (parkId, id, plain) => store.update(parkId, id, { credentials: plain }),
    async credentials(parkId, id) {
      const sealed = (await store.get(parkId, id))?.sealedCredentials;
      return sealed ? cipher.open(sealed.ciphertext) : {};
    },
    async resealCredentials(parkId, id) {
      const current = await store.get(parkId, id);
      const sealed = current?.sealedCredentials;
      if (!current || !sealed || cipher.isCurrent(sealed.keyId)) return { resealed: false, wallet: null };
      const next = {
        ...current,
        sealedCredentials: {
          ...sealed,
          ...(await cipher.seal(await cipher.open(sealed.ciphertext))),
        },
      };
      await store.put(next);
      return { resealed: true, wallet: next };
    },
  };
  return store;
}
