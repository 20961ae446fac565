import type { Db } from './prisma';
import type { PspCode } from '../domain/psp-codes';
import type { CredentialsCipher } from './credentials-cipher';

/** The credentials as kept at rest: a compact JWE and the id of the ring key that sealed it. Never plaintext. */
export interface SealedCredentials {
  ciphertext: string;
  keyId: string;
  /** When a user last set them; re-sealing under a newer key does not move it. */
  updatedAt: Date;
  /** When the PSP stops accepting them; null when unknown or they do not expire. */
  expiresAt: Date | null;
  /** When the PSP last refused them; null while they are believed to work. */
  invalidAt: Date | null;
}

export interface WalletRecord {
  id: string;
  parkId: string;
  psp: PspCode;
  name: string;
  currency: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  sealedCredentials: SealedCredentials | null;
}

/** Credentials as a caller gives them: write-only, sealed before they reach any store. */
export type PlainCredentials = Record<string, string>;

export type NewWallet = Pick<WalletRecord, 'parkId' | 'psp' | 'name' | 'currency' | 'settings'> & {
  credentials?: PlainCredentials;
  /** Kept only with credentials. */
  credentialsExpireAt?: Date | null;
};
/**
 * `credentials`: an object replaces the whole set, `null` removes it, absent leaves it as is.
 * `credentialsExpireAt` goes with the credentials saved now, or moves the date of the ones kept.
 */
export type WalletChanges = Partial<Pick<WalletRecord, 'name' | 'settings' | 'enabled'>> & {
  credentials?: PlainCredentials | null;
  credentialsExpireAt?: Date | null;
};

/** What the PSP said, at `at`, of the credentials saved at `savedAt`. */
export interface CredentialCheck {
  savedAt: Date;
  valid: boolean;
  at: Date;
}

/** One place wallets are kept. Every read is scoped by park: a wallet id alone never finds another park's wallet. */
export interface WalletStore {
  create(wallet: NewWallet & { id?: string }): Promise<WalletRecord>;
  get(parkId: string, id: string): Promise<WalletRecord | null>;
  list(parkId: string): Promise<WalletRecord[]>;
  update(parkId: string, id: string, changes: WalletChanges): Promise<WalletRecord | null>;
  remove(parkId: string, id: string): Promise<boolean>;
  /** Replaces the wallet's credentials (sealed under the newest key); null when there is no such live wallet. */
  setCredentials(parkId: string, id: string, plain: PlainCredentials): Promise<WalletRecord | null>;
  /** The wallet's credentials, opened; `{}` when it has none (or there is no such live wallet). */
  credentials(parkId: string, id: string): Promise<PlainCredentials>;
  /**
   * Re-seals the wallet's credentials under the newest key if an older one sealed them (deleted wallets included).
   * Returns whether it re-sealed and the live record after it (null for a deleted or unknown wallet).
   */
  resealCredentials(parkId: string, id: string): Promise<{ resealed: boolean; wallet: WalletRecord | null }>;
  /**
   * Marks the credentials saved at `check.savedAt` refused or working (ones saved since are left alone: nobody asked
   * about them). The first refusal keeps its time, so one refusal episode is one reminder; a success clears it.
   * Returns the live record after it; null for a deleted or unknown wallet.
   */
  recordCredentialCheck(parkId: string, id: string, check: CredentialCheck): Promise<WalletRecord | null>;
}

export const hasPlainCredentials = (c: PlainCredentials | null | undefined): c is PlainCredentials =>
  !!c && Object.keys(c).length > 0;

export type WalletRow = Awaited<ReturnType<Db['wallet']['findFirstOrThrow']>>;

export function walletFromRow(row: WalletRow): WalletRecord {
  return {
    id: row.id,
    parkId: row.parkId,
    psp: row.psp as PspCode,
    name: row.name,
    currency: row.currency,
    settings: (row.settings ?? {}) as Record<string, unknown>,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    sealedCredentials:
      row.credentialsCiphertext && row.credentialsKeyId
        ? {
            ciphertext: row.credentialsCiphertext,
            keyId: row.credentialsKeyId,
            updatedAt: row.credentialsUpdatedAt ?? row.updatedAt,
            expiresAt: row.credentialsExpireAt,
            invalidAt: row.credentialsInvalidAt,
          }
        : null,
  };
}

/** The column values for a credentials change: sealed, or all null to remove them. New ones are not known bad. */
async function credentialColumns(cipher: CredentialsCipher, plain: PlainCredentials | null, expireAt?: Date | null) {
  if (!hasPlainCredentials(plain))
    return {
      credentialsCiphertext: null,
      credentialsKeyId: null,
      credentialsUpdatedAt: null,
      credentialsExpireAt: null,
      credentialsInvalidAt: null,
    };
  const sealed = await cipher.seal(plain);
  return {
    credentialsCiphertext: sealed.ciphertext,
    credentialsKeyId: sealed.keyId,
    credentialsUpdatedAt: new Date(),
    credentialsExpireAt: expireAt ?? null,
    credentialsInvalidAt: null,
  };
}

/** A wallet row's columns for raw `pg`, named as Prisma names them, so `walletFromRow` maps either. */
export const walletColumns = (table: string) =>
  `${table}.id, ${table}.park_id AS "parkId", ${table}.psp, ${table}.name, ${table}.currency, ${table}.settings,
  ${table}.enabled, ${table}.created_at AS "createdAt", ${table}.updated_at AS "updatedAt",
  ${table}.deleted_at AS "deletedAt", ${table}.credentials_ciphertext AS "credentialsCiphertext",
  ${table}.credentials_key_id AS "credentialsKeyId", ${table}.credentials_updated_at AS "credentialsUpdatedAt",
  ${table}.credentials_expire_at AS "credentialsExpireAt", ${table}.credentials_invalid_at AS "credentialsInvalidAt"`;

/** Every PSP call reads its wallet: a named prepared statement on raw `pg` (see storage/prisma.ts). */
const GET_LIVE = {
  name: 'wallet-get-live',
  text: `SELECT ${walletColumns('wallets')} FROM wallets WHERE id = $1::uuid AND park_id = $2 AND deleted_at IS NULL`,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createPostgresWalletStore(db: Db, cipher: CredentialsCipher): WalletStore {
  const live = (parkId: string, id: string) => ({ id, parkId, deletedAt: null });
  const store: WalletStore = {
    async create({ credentials, credentialsExpireAt, ...wallet }) {
      const sealed = credentials === undefined ? {} : await credentialColumns(cipher, credentials, credentialsExpireAt);
      return walletFromRow(
        await db.wallet.create({ data: { ...wallet, settings: wallet.settings as object, ...sealed } }),
      );
    },
    async get(parkId, id) {
      // Not an id we could have issued: nothing to find (and no cast error from Postgres).
      if (!UUID.test(id)) return null;
      const { rows } = await db.pool.query<WalletRow>({ ...GET_LIVE, values: [id, parkId] });
      return rows[0] ? walletFromRow(rows[0]) : null;
    },
    async list(parkId) {
      const rows = await db.wallet.findMany({ where: { parkId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
      return rows.map(walletFromRow);
    },
    async update(parkId, id, { credentials, credentialsExpireAt, ...changes }) {
      const sealed =
        credentials === undefined
          ? { credentialsExpireAt }
          : await credentialColumns(cipher, credentials, credentialsExpireAt);
      const { count } = await db.wallet.updateMany({
        where: live(parkId, id),
        data: { ...changes, settings: changes.settings as object | undefined, ...sealed },
      });
      return count ? store.get(parkId, id) : null;
    },
    async remove(parkId, id) {
      const { count } = await db.wallet.updateMany({
        where: live(parkId, id),
        data: { deletedAt: new Date(), enabled: false },
      });
      return count > 0;
    },
    setCredentials: (parkId, id, plain) => store.update(parkId, id, { credentials: plain }),
    async credentials(parkId, id) {
      // The primary key finds the row; the park and liveness conditions only filter it. One query, one decryption.
      const row = await db.wallet.findFirst({ where: live(parkId, id), select: { credentialsCiphertext: true } });
      return row?.credentialsCiphertext ? cipher.open(row.credentialsCiphertext) : {};
    },
    async resealCredentials(parkId, id) {
      const row = await db.wallet.findFirst({
        where: { id, parkId },
        select: { credentialsCiphertext: true, credentialsKeyId: true, deletedAt: true },
      });
      if (!row?.credentialsCiphertext || cipher.isCurrent(row.credentialsKeyId ?? ''))
        return { resealed: false, wallet: null };
      const sealed = await cipher.seal(await cipher.open(row.credentialsCiphertext));
      // Only if nobody replaced them meanwhile: a newer write is already under the newest key.
      const { count } = await db.wallet.updateMany({
        where: { id, parkId, credentialsCiphertext: row.credentialsCiphertext },
        data: { credentialsCiphertext: sealed.ciphertext, credentialsKeyId: sealed.keyId },
      });
      return { resealed: count > 0, wallet: count > 0 && !row.deletedAt ? await store.get(parkId, id) : null };
    },
    async recordCredentialCheck(parkId, id, { savedAt, valid, at }) {
      const checked = { ...live(parkId, id), credentialsUpdatedAt: savedAt };
      // Conditional in one statement: a save or another check between our read and this write is not overwritten.
      if (valid)
        await db.wallet.updateMany({
          where: { ...checked, credentialsInvalidAt: { not: null } },
          data: { credentialsInvalidAt: null },
        });
      else
        await db.wallet.updateMany({
          where: { ...checked, credentialsInvalidAt: null },
          data: { credentialsInvalidAt: at },
        });
      return store.get(parkId, id);
    },
  };
  return store;
}

/**
 * Wallets (live or deleted, any park) whose credentials are sealed under another key than `currentKeyId`, by id
 * after `afterId`: the rotation workflow's pages. Maintenance only; never reachable from a park-scoped route.
 */
export async function walletsWithStaleCredentials(db: Db, currentKeyId: string, afterId: string | null, limit: number) {
  return db.wallet.findMany({
    where: {
      credentialsCiphertext: { not: null },
      OR: [{ credentialsKeyId: { not: currentKeyId } }, { credentialsKeyId: null }],
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, parkId: true },
  });
}

/** How many wallets' credentials (live or deleted, any park) each key id seals: a key with none left may be dropped. */
export async function credentialsSealedByKey(db: Db): Promise<Record<string, number>> {
  const rows = await db.wallet.groupBy({
    by: ['credentialsKeyId'],
    where: { credentialsCiphertext: { not: null } },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.credentialsKeyId ?? 'unknown', r._count._all]));
}
