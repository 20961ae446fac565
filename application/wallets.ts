import { getAdapter } from '../psp/registry';
import type { WalletDraft } from '../psp/types';
import type { LinkIssuer } from '../storage/links';
import type { NewWallet, WalletChanges, WalletRecord, WalletStore } from '../storage/wallets';

/** A wallet saved, or why not: the PSP's reason for refusing its settings, or no such wallet in the park. */
export type WalletOutcome =
  { wallet: WalletRecord } | { refused: 'settings'; problem: string } | { refused: 'not_found' };

/** A park's wallets: every call names the park, so another park's wallet id finds nothing. */
export interface Wallets {
  create(wallet: NewWallet): Promise<WalletOutcome>;
  list(parkId: string): Promise<WalletRecord[]>;
  get(parkId: string, walletId: string): Promise<WalletRecord | null>;
  update(parkId: string, walletId: string, changes: WalletChanges): Promise<WalletOutcome>;
  /** Soft delete; false when there was no such wallet. */
  remove(parkId: string, walletId: string): Promise<boolean>;
}

export interface WalletDeps {
  wallets: WalletStore;
  links: Pick<LinkIssuer, 'revoke'>;
}

/** The PSP judges the settings when they are saved: a park learns of a bad one now, not from refused payments. */
const settingsProblem = (draft: WalletDraft) => getAdapter(draft.psp)?.settingsProblem(draft);

const saved = (wallet: WalletRecord | null): WalletOutcome => (wallet ? { wallet } : { refused: 'not_found' });

export function createWallets({ wallets, links }: WalletDeps): Wallets {
  return {
    async create(wallet) {
      const problem = settingsProblem(wallet);
      if (problem !== undefined) return { refused: 'settings', problem };
      return { wallet: await wallets.create(wallet) };
    },
    list: (parkId) => wallets.list(parkId),
    get: (parkId, walletId) => wallets.get(parkId, walletId),
    async update(parkId, walletId, changes) {
      if (changes.settings !== undefined) {
        const current = await wallets.get(parkId, walletId);
        if (!current) return { refused: 'not_found' };
        const problem = settingsProblem({ psp: current.psp, currency: current.currency, settings: changes.settings });
        if (problem !== undefined) return { refused: 'settings', problem };
      }
      return saved(await wallets.update(parkId, walletId, changes));
    },
    async remove(parkId, walletId) {
      if (!(await wallets.remove(parkId, walletId))) return false;
      // A deleted wallet's link must stop working at once, not when a PSP next finds the wallet gone.
      await links.revoke(parkId, walletId);
      return true;
    },
  };
}
