import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './prisma';
import { readsRedis, type WalletPhase } from './wallet-migration';
import { walletColumns, walletFromRow, type WalletRecord, type WalletRow } from './wallets';

export interface LinkRecord {
  id: string;
  walletId: string;
  parkId: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * A wallet's callback links, API-key style: the secret is returned once at issue, only a hash is kept, a revoked
 * link is refused from the next request on. Local (Postgres, below) by default; the company's uapi-keys service
 * behind the same interface in production (`storage/uapi-key-links.ts`, `LINK_ISSUER`).
 */
export interface LinkIssuer {
  /** A new secret for the wallet; its other live links are revoked: a wallet has one working link at a time. */
  issue(parkId: string, walletId: string): Promise<{ token: string; link: LinkRecord }>;
  /** Revokes the wallet's live links; how many there were. */
  revoke(parkId: string, walletId: string): Promise<number>;
  /** Newest first, revoked ones included; never the secret. */
  list(parkId: string, walletId: string): Promise<LinkRecord[]>;
  /** The live link a PSP call names, or null for an unknown or revoked secret. */
  resolve(token: string): Promise<LinkRecord | null>;
  /** Records a use of the link (best effort). */
  touch(id: string): Promise<void>;
}

/** Secrets are looked up by their sha256: equal-length digests in a unique index, never compared as plain text. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const PREFIX_LENGTH = 8;
const select = {
  id: true,
  walletId: true,
  parkId: true,
  prefix: true,
  createdAt: true,
  revokedAt: true,
  lastUsedAt: true,
};

/** Named, so each pooled connection parses and plans it once. */
const RESOLVE = {
  name: 'callback-link-resolve',
  text: `SELECT id, wallet_id AS "walletId", park_id AS "parkId", prefix, created_at AS "createdAt",
    revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"
    FROM callback_links WHERE token_hash = $1 AND revoked_at IS NULL`,
};
const TOUCH = {
  name: 'callback-link-touch',
  text: `UPDATE callback_links SET last_used_at = now()
    WHERE id = $1::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
};
const TOUCH_EVERY_MS = 60_000;
/** Links a process remembers touching; past this it forgets them all, costing one extra UPDATE each. */
const TOUCHED_MAX = 10_000;

export function createLinkStore(db: Db): LinkIssuer {
  const touchedAt = new Map<string, number>();
  return {
    /** Issues a new secret for the wallet, revoking its live links: a wallet has one working link at a time. */
    async issue(parkId: string, walletId: string): Promise<{ token: string; link: LinkRecord }> {
      const token = randomBytes(32).toString('base64url');
      const link = await db.$transaction(async (tx) => {
        await tx.callbackLink.updateMany({
          where: { parkId, walletId, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        return tx.callbackLink.create({
          data: { parkId, walletId, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH) },
          select,
        });
      });
      return { token, link };
    },

    async revoke(parkId: string, walletId: string): Promise<number> {
      const { count } = await db.callbackLink.updateMany({
        where: { parkId, walletId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return count;
    },

    async list(parkId: string, walletId: string): Promise<LinkRecord[]> {
      return db.callbackLink.findMany({ where: { parkId, walletId }, orderBy: { createdAt: 'desc' }, select });
    },

    /** Read on every PSP call, never cached: a revoked link is refused by every process from the next request on. */
    async resolve(token: string): Promise<LinkRecord | null> {
      const { rows } = await db.pool.query<LinkRecord>({ ...RESOLVE, values: [hashToken(token)] });
      return rows[0] ?? null;
    },

    /**
     * At most one write a minute per link, so a busy PSP does not turn every callback into an UPDATE; this process
     * skips the statement too while its own last touch is that fresh, since the statement would change nothing.
     */
    async touch(id: string): Promise<void> {
      const now = Date.now();
      if (now - (touchedAt.get(id) ?? -Infinity) < TOUCH_EVERY_MS) return;
      if (touchedAt.size >= TOUCHED_MAX) touchedAt.clear();
      touchedAt.set(id, now);
      await db.pool.query({ ...TOUCH, values: [id] });
    },
  };
}

/** The name api-external and the routes have used all along. */
export type LinkStore = LinkIssuer;

const LINK_AND_WALLET = {
  name: 'callback-link-and-wallet',
  text: `SELECT l.id AS "linkId", l.prefix AS "linkPrefix", l.created_at AS "linkCreatedAt",
    l.last_used_at AS "linkLastUsedAt", ${walletColumns('w')}
    FROM callback_links l JOIN wallets w ON w.id = l.wallet_id AND w.park_id = l.park_id AND w.deleted_at IS NULL
    WHERE l.token_hash = $1 AND l.revoked_at IS NULL`,
};
type LinkAndWalletRow = WalletRow & {
  linkId: string;
  linkPrefix: string;
  linkCreatedAt: Date;
  linkLastUsedAt: Date | null;
};

/** What a PSP call's secret names: its live link and that link's live wallet. */
export interface LinkAndWallet {
  link: LinkRecord;
  wallet: WalletRecord;
}

/**
 * A PSP call's live link and live wallet in one statement instead of two round trips, both read on every call (never
 * cached). Only for links kept here (`LINK_ISSUER=local`) and while wallets are read from Postgres: in `redis-primary`
 * it answers `undefined`, and the caller asks the link issuer and the wallet store one after the other.
 */
export function createLinkAndWalletLookup(db: Db, phase: () => Promise<WalletPhase>) {
  return async (token: string): Promise<LinkAndWallet | null | undefined> => {
    if (readsRedis(await phase())) return undefined;
    const { rows } = await db.pool.query<LinkAndWalletRow>({ ...LINK_AND_WALLET, values: [hashToken(token)] });
    const row = rows[0];
    if (!row) return null;
    const wallet = walletFromRow(row);
    const link: LinkRecord = {
      id: row.linkId,
      walletId: wallet.id,
      parkId: wallet.parkId,
      prefix: row.linkPrefix,
      createdAt: row.linkCreatedAt,
      revokedAt: null,
      lastUsedAt: row.linkLastUsedAt,
    };
    return { link, wallet };
  };
}
