import type { WalletMigrationDeps } from './wallet-migration-deps';

export function createMirrorActivities(deps: WalletMigrationDeps) {
  const { postgresWallets, outbox } = deps;

  /**
   * Gives Redis what Postgres holds now for one wallet, then settles the owed rows written before that read. Says
   * whether a newer write is still owed (its own mirror or this repair's next round will carry it).
   */
  async function mirrorWallet({ parkId, walletId }: { parkId: string; walletId: string }) {
    if (!deps.legacyWallets) throw new Error('the mirror repair needs REDIS_URL (the legacy store)');
    const readAt = await outbox.now();
    const current = await postgresWallets.get(parkId, walletId);
    if (current) await deps.legacyWallets.put(current);
    else await deps.legacyWallets.remove(parkId, walletId);
    await outbox.settle(parkId, walletId, readAt);
    return { stillOwed: await outbox.owed(parkId, walletId) };
  }

  return {
    mirrorWallet,

    /** Repairs the oldest owed mirrors, including any whose repair workflow never started (Temporal was down too). */
    async repairOwed({ limit }: { limit: number }): Promise<{ repaired: number }> {
      const owed = await outbox.oldest(limit);
      for (const row of owed) await mirrorWallet(row);
      return { repaired: owed.length };
    },
  };
}
