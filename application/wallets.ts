import { getAdapter, PSP_REGISTRY } from '../psp/registry';
import type { WalletDraft } from '../psp/types';
import type { LinkIssuer } from '../storage/links';
import type { NewWallet, PlainCredentials, WalletChanges, WalletRecord, WalletStore } from '../storage/wallets';
import type { CredentialVerifier } from './credential-checks';
import { defaultCredentialsExpiry } from './credential-expiry';

/**
 * A wallet saved, or why not: the field refused and why (settings by the PSP's rules), no such wallet, or new
 * credentials the PSP refused or could not be asked about (then the old ones stay in force, untouched).
 */
export type WalletOutcome =
  | { wallet: WalletRecord }
  | { refused: 'currency' | 'settings' | 'credentialsExpireAt'; problem: string }
  | { refused: 'credentials_refused' | 'psp_unavailable'; problem: string }
  | { refused: 'not_found' };

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
  now?: () => Date;
  /**
   * Asks the PSP whether it takes credentials: those of a new wallet just after the save (the answer already says
   * `invalid`), re-issued ones before they replace the old.
   */
  verify?: CredentialVerifier;
}

/** The PSP judges the settings when they are saved: a park learns of a bad one now, not from refused payments. */
const settingsProblem = (draft: WalletDraft) => getAdapter(draft.psp)?.settingsProblem(draft);

/** A wallet in a currency its PSP does not pay in would take no payment, or worse, one billing then refuses. */
function currencyProblem({ psp, currency }: WalletDraft): string | undefined {
  const served = PSP_REGISTRY.manifests.get(psp)?.currencies;
  if (!served || served.includes(currency)) return undefined;
  return `${psp} pays in ${served.join(', ')}, not ${currency}`;
}

const saved = (wallet: WalletRecord | null): WalletOutcome => (wallet ? { wallet } : { refused: 'not_found' });

const noCredentials = {
  refused: 'credentialsExpireAt',
  problem: 'an expiry date needs credentials: save them with it',
} as const;

export function createWallets({ wallets, links, now = () => new Date(), verify }: WalletDeps): Wallets {
  /** Credentials saved now expire when the dispatcher says, else after the PSP's known lifetime. */
  const expiryOf = (psp: WalletRecord['psp'], given: Date | null | undefined) =>
    given !== undefined ? given : defaultCredentialsExpiry(psp, now());
  const checked = async (wallet: WalletRecord | null, plain: PlainCredentials): Promise<WalletOutcome> =>
    wallet && verify ? { wallet: (await verify(wallet, plain)).wallet } : saved(wallet);

  return {
    async create(wallet) {
      const unserved = currencyProblem(wallet);
      if (unserved !== undefined) return { refused: 'currency', problem: unserved };
      const problem = settingsProblem(wallet);
      if (problem !== undefined) return { refused: 'settings', problem };
      if (wallet.credentials === undefined) {
        if (wallet.credentialsExpireAt) return noCredentials;
        return { wallet: await wallets.create(wallet) };
      }
      const expireAt = expiryOf(wallet.psp, wallet.credentialsExpireAt);
      return checked(await wallets.create({ ...wallet, credentialsExpireAt: expireAt }), wallet.credentials);
    },
    list: (parkId) => wallets.list(parkId),
    get: (parkId, walletId) => wallets.get(parkId, walletId),
    async update(parkId, walletId, changes) {
      const touchesCredentials = changes.credentials !== undefined || changes.credentialsExpireAt !== undefined;
      if (changes.settings === undefined && !touchesCredentials)
        return saved(await wallets.update(parkId, walletId, changes));
      const current = await wallets.get(parkId, walletId);
      if (!current) return { refused: 'not_found' };
      if (changes.settings !== undefined) {
        const problem = settingsProblem({ psp: current.psp, currency: current.currency, settings: changes.settings });
        if (problem !== undefined) return { refused: 'settings', problem };
      }
      if (changes.credentials) {
        // Re-issue: the PSP judges the new token before it replaces the old one, which payments keep using until then.
        const settings = changes.settings ?? current.settings;
        const verdict = verify ? await verify.candidate({ psp: current.psp, settings }, changes.credentials) : null;
        if (verdict?.result === 'invalid') return { refused: 'credentials_refused', problem: verdict.reason };
        if (verdict?.result === 'no_answer') return { refused: 'psp_unavailable', problem: verdict.reason };
        // The expiry starts over from this save; reminders are keyed by the date, so the old date's are done with.
        const expireAt = expiryOf(current.psp, changes.credentialsExpireAt);
        return saved(await wallets.update(parkId, walletId, { ...changes, credentialsExpireAt: expireAt }));
      } else if (changes.credentials === null) {
        if (changes.credentialsExpireAt) return noCredentials;
      } else if (changes.credentialsExpireAt !== undefined && !current.sealedCredentials) {
        return noCredentials;
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
