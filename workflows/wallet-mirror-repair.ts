import { proxyActivities, sleep } from '@temporalio/workflow';
import type { WalletMigrationActivities } from '../activities/wallet-migration';

// Redis may be down for a while: retry without limit, backing off to a minute, until the copy lands.
const { mirrorWallet } = proxyActivities<WalletMigrationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Bounded so a wallet written without pause cannot grow one history for ever; its next failed mirror starts anew. */
const MAX_ROUNDS = 20;

/** Copies one wallet's Postgres state into the legacy store until nothing is owed for it any more. */
export async function walletMirrorRepair(input: { parkId: string; walletId: string }): Promise<{ rounds: number }> {
  for (let rounds = 1; ; rounds++) {
    const { stillOwed } = await mirrorWallet(input);
    if (!stillOwed || rounds === MAX_ROUNDS) return { rounds };
    // A newer write owes a mirror of its own, usually landing now: let it, then check again.
    await sleep('1 second');
  }
}
