import type { Db } from './prisma';
import type { PspCode } from '../domain/psp-codes';

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
}

export type NewWallet = Pick<WalletRecord, 'parkId' | 'psp' | 'name' | 'currency' | 'settings'>;
export type WalletChanges = Partial<Pick<WalletRecord, 'name' | 'settings' | 'enabled'>>;

/** One place wallets are kept. Every read is scoped by park: a wallet id alone never finds another park's wallet. */
export interface WalletStore {
  create(wallet: NewWallet & { id?: string }): Promise<WalletRecord>;
  get(parkId: string, id: string): Promise<WalletRecord | null>;
  list(parkId: string): Promise<WalletRecord[]>;
  update(parkId: string, id: string, changes: WalletChanges): Promise<WalletRecord | null>;
  remove(parkId: string, id: string): Promise<boolean>;
}

type Row = Awaited<ReturnType<Db['wallet']['findFirstOrThrow']>>;

function toRecord(row: Row): WalletRecord {
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
  };
}

export function createPostgresWalletStore(db: Db): WalletStore {
  const live = (parkId: string, id: string) => ({ id, parkId, deletedAt: null });
  return {
    async create(wallet) {
      return toRecord(await db.wallet.create({ data: { ...wallet, settings: wallet.settings as object } }));
    },
    async get(parkId, id) {
      const row = await db.wallet.findFirst({ where: live(parkId, id) });
      return row ? toRecord(row) : null;
    },
    async list(parkId) {
      const rows = await db.wallet.findMany({ where: { parkId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
      return rows.map(toRecord);
    },
    async update(parkId, id, changes) {
      const { count } = await db.wallet.updateMany({
        where: live(parkId, id),
        data: { ...changes, settings: changes.settings as object | undefined },
      });
      return count ? this.get(parkId, id) : null;
    },
    async remove(parkId, id) {
      const { count } = await db.wallet.updateMany({ where: live(parkId, id), data: { deletedAt: new Date(), enabled: false } });
      return count > 0;
    },
  };
}
