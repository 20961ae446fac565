import type { LinkIssuer, LinkRecord } from '../storage/links';
import type { WalletStore } from '../storage/wallets';

/** A link just issued: `url` carries the secret and exists in this answer only. */
export interface IssuedLink {
  link: LinkRecord;
  url: string;
}

export type LinkRefusal = 'wallet_not_found' | 'no_live_link';

/** A wallet's callback links. Each call names the park first: another park's wallet id finds nothing. */
export interface CallbackLinks {
  /** Live links of the wallet are revoked: a wallet has one working link at a time. */
  issue(parkId: string, walletId: string): Promise<IssuedLink | LinkRefusal>;
  /** A new secret only for a wallet that has a live link, so a revoked wallet is not revived by accident. */
  regenerate(parkId: string, walletId: string): Promise<IssuedLink | LinkRefusal>;
  /** Newest first, revoked ones included, never a secret; null when there is no such wallet. */
  list(parkId: string, walletId: string): Promise<LinkRecord[] | null>;
  /** False when there is no such wallet. */
  revoke(parkId: string, walletId: string): Promise<boolean>;
}

export interface CallbackLinkDeps {
  wallets: Pick<WalletStore, 'get'>;
  links: LinkIssuer;
  publicCallbackBaseUrl: string;
}

export function createCallbackLinks({ wallets, links, publicCallbackBaseUrl }: CallbackLinkDeps): CallbackLinks {
  const issue = async (parkId: string, walletId: string, needsLiveLink: boolean): Promise<IssuedLink | LinkRefusal> => {
    const wallet = await wallets.get(parkId, walletId);
    if (!wallet) return 'wallet_not_found';
    if (needsLiveLink && !(await links.list(wallet.parkId, wallet.id)).some((l) => l.revokedAt === null))
      return 'no_live_link';
    const { token, link } = await links.issue(wallet.parkId, wallet.id);
    return { link, url: `${publicCallbackBaseUrl}/psp/${wallet.psp}/${token}` };
  };

  return {
    issue: (parkId, walletId) => issue(parkId, walletId, false),
    regenerate: (parkId, walletId) => issue(parkId, walletId, true),
    async list(parkId, walletId) {
      const wallet = await wallets.get(parkId, walletId);
      return wallet && (await links.list(wallet.parkId, wallet.id));
    },
    async revoke(parkId, walletId) {
      const wallet = await wallets.get(parkId, walletId);
      if (!wallet) return false;
      await links.revoke(wallet.parkId, wallet.id);
      return true;
    },
  };
}
