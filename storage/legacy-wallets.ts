import type Redis from 'ioredis';
import type { PspCode } from '../domain/psp-codes';
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
 * JSON in the legacy shape (docs/legacy-wallets.md). Credentials are kept exactly as in Postgres: the sealed JWE and
 * its key id (`sealedCredentials`), never plaintext, so reading from Redis still serves them and a rotation's
 * re-seal is mirrored like any other write.
 */
export const LEGACY_PREFIX = 'PaySystem:Items:';
export const legacyKey = (parkId: string) => `${LEGACY_PREFIX}${parkId}`;

/** The legacy JSON of one wallet, field for field: what the hash holds and what the legacy read route answers. */
export interface LegacyWallet {
  id: string;
  parkId: string;
  psp: string;
  name: string;
  currency: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /**
   * `expiresAt` and `invalidAt` (ISO times) are ours, added for the credential lifecycle and present only when set: a
   * legacy reader that ignores unknown fields (assumed, docs/legacy-wallets.md) sees the shape it always had.
   */
  sealedCredentials: {
    ciphertext: string;
    keyId: string;
    updatedAt: string;
    expiresAt?: string;
    invalidAt?: string;
  } | null;
}

/** Named fields only, so a field added to our own record never leaks into the legacy contract. */
export function toLegacy(w: WalletRecord): LegacyWallet {
  const s = w.sealedCredentials;
  return {
    id: w.id,
    parkId: w.parkId,
    psp: w.psp,
    name: w.name,
    currency: w.currency,
    settings: w.settings,
    enabled: w.enabled,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    sealedCredentials: s
      ? {
          ciphertext: s.ciphertext,
          keyId: s.keyId,
          updatedAt: s.updatedAt.toISOString(),
          ...(s.expiresAt && { expiresAt: s.expiresAt.toISOString() }),
          ...(s.invalidAt && { invalidAt: s.invalidAt.toISOString() }),
        }
      : null,
  };
}

export function fromLegacy(w: LegacyWallet): WalletRecord {
  const s = w.sealedCredentials;
  return {
    id: w.id,
    parkId: w.parkId,
    psp: w.psp as PspCode,
    name: w.name,
    currency: w.currency,
    settings: w.settings ?? {},
    enabled: w.enabled ?? true,
    createdAt: new Date(w.createdAt),
    updatedAt: new Date(w.updatedAt),
    sealedCredentials: s
      ? {
          ciphertext: s.ciphertext,
          keyId: s.keyId,
          updatedAt: new Date(s.updatedAt),
          expiresAt: s.expiresAt ? new Date(s.expiresAt) : null,
          invalidAt: s.invalidAt ? new Date(s.invalidAt) : null,
        }
      : null,
  };
}

const decode = (json: string) => fromLegacy(JSON.parse(json) as LegacyWallet);

/**
 * Writes the wallet unless Redis already holds a newer one (ISO times compare as strings): two mirrors of one wallet
 * racing each other cannot leave the older state behind.
 */
const PUT_UNLESS_NEWER = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded.updatedAt) == 'string' and decoded.updatedAt > ARGV[3] then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

export type LegacyWalletStore = WalletStore & {
  put(wallet: WalletRecord): Promise<void>;
  /** The park's wallets exactly as the hash holds them. */
  rawList(parkId: string): Promise<LegacyWallet[]>;
};

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
      const legacy = toLegacy(wallet);
      await redis.eval(
        PUT_UNLESS_NEWER,
        1,
        legacyKey(wallet.parkId),
        wallet.id,
        JSON.stringify(legacy),
        legacy.updatedAt,
      );
    },
    async rawList(parkId) {
      return Object.values(await redis.hgetall(legacyKey(parkId))).map((json) => JSON.parse(json) as LegacyWallet);
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
    async recordCredentialCheck(parkId, id, { savedAt, valid, at }) {
      const current = await store.get(parkId, id);
      const sealed = current?.sealedCredentials;
      // Postgres's rule: a verdict on credentials saved since is not theirs; a refusal keeps an earlier refusal's time.
      if (!current || !sealed || sealed.updatedAt.getTime() !== savedAt.getTime() || valid !== !!sealed.invalidAt)
        return current;
      const next = {
        ...current,
        sealedCredentials: { ...sealed, invalidAt: valid ? null : at },
        updatedAt: new Date(),
      };
      await store.put(next);
      return next;
    },
  };
  return store;
}

/** One step of `SCAN` over the legacy hashes (optionally only parks whose id starts with `parkPrefix`). */
export async function scanLegacyParks(redis: Redis, cursor: string, count: number, parkPrefix = '') {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `${legacyKey(parkPrefix)}*`, 'COUNT', count);
  return { cursor: next, parkIds: [...new Set(keys)].map((k) => k.slice(LEGACY_PREFIX.length)) };
}

/** Every park's hash in one round trip: park id → wallet id → JSON. */
export async function readLegacyParks(redis: Redis, parkIds: string[]) {
  const pipeline = redis.pipeline();
  for (const parkId of parkIds) pipeline.hgetall(legacyKey(parkId));
  const results = (await pipeline.exec()) ?? [];
  return parkIds.map((parkId, i) => {
    const [err, hash] = results[i] ?? [null, {}];
    if (err) throw err;
    return { parkId, wallets: hash as Record<string, string> };
  });
}
