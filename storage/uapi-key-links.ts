import type { UapiKey, UapiKeysClient } from '../clients/uapi-keys';
import type { LinkIssuer, LinkRecord } from './links';

export const LINK_NAMESPACE = 'fleet-payment-callbacks';

const ownerOf = (parkId: string, walletId: string) => `${parkId}/${walletId}`;

function toLink(key: UapiKey): LinkRecord | null {
  const { park_id: parkId, wallet_id: walletId } = key.metadata;
  if (!parkId || !walletId || key.owner !== ownerOf(parkId, walletId)) return null;
  return {
    id: key.id,
    parkId,
    walletId,
    prefix: key.prefix,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
  };
}

/** Callback links as keys of the uapi-keys service (docs/uapi-keys.md); nothing about them is stored here. */
export function createUapiKeyLinkIssuer(client: UapiKeysClient): LinkIssuer {
  const liveKeys = async (parkId: string, walletId: string) =>
    (await client.list(LINK_NAMESPACE, ownerOf(parkId, walletId))).filter((k) => k.revokedAt === null);

  return {
    async issue(parkId, walletId) {
      // New first, then the old ones: the wallet is never without a working link; a repeat cleans up a failure between.
      const { key, secret } = await client.create({
        namespace: LINK_NAMESPACE,
        owner: ownerOf(parkId, walletId),
        metadata: { park_id: parkId, wallet_id: walletId },
      });
      for (const old of await liveKeys(parkId, walletId)) if (old.id !== key.id) await client.revoke(old.id);
      const link = toLink(key);
      if (!link) throw new Error('uapi-keys answered a key for another owner');
      return { token: secret, link };
    },
    async revoke(parkId, walletId) {
      const live = await liveKeys(parkId, walletId);
      for (const key of live) await client.revoke(key.id);
      return live.length;
    },
    async list(parkId, walletId) {
      const keys = await client.list(LINK_NAMESPACE, ownerOf(parkId, walletId));
      return keys.map(toLink).filter((l): l is LinkRecord => l !== null);
    },
    async resolve(token) {
      const key = await client.verify(LINK_NAMESPACE, token);
      return key ? toLink(key) : null;
    },
    // The service records the use when it verifies the secret.
    touch: async () => {},
  };
}
