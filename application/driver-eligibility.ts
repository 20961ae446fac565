import type { Logger } from 'pino';
import type { BillingClient } from '../clients/billing';
import type { DriverProfilesClient } from '../clients/driver-profiles';
import { NeighbourUnavailableError } from '../clients/errors';
import type { Outcome, WalletContext } from '../psp/types';

export interface DriverEligibilityDeps {
  drivers: DriverProfilesClient;
  /** Without it, only driver profiles are asked (billing then refuses what it must, after the PSP was answered). */
  billing?: Pick<BillingClient, 'account'>;
  log: Logger;
}

const refused = (reason: Extract<Outcome, { kind: 'refused' }>['reason'], message: string): Outcome => ({
  kind: 'refused',
  reason,
  message,
});

/**
 * May this wallet's money reach this driver? Asked at CHECK and before a PAY is answered, so what billing would refuse
 * after a success answer (a blocked driver, a balance in another currency) is refused to the PSP instead, and the
 * driver keeps the money. Both neighbours are asked at once: one round trip on the PSP's clock.
 */
export function createDriverEligibility({ drivers, billing, log }: DriverEligibilityDeps) {
  /** Billing's view is advice: while billing is unreachable, payments are still taken and the workflow decides. */
  async function accountOf(parkId: string, driverId: string) {
    if (!billing) return null;
    try {
      return await billing.account(parkId, driverId);
    } catch (err) {
      if (!(err instanceof NeighbourUnavailableError)) throw err;
      log.warn({ parkId, reason: err.reason }, 'billing account unknown: taking the payment unchecked');
      return null;
    }
  }

  return async function eligible(wallet: WalletContext, account: string): Promise<Outcome> {
    const [driver, billed] = await Promise.all([
      drivers.find(wallet.parkId, account),
      accountOf(wallet.parkId, account),
    ]);
    if (!driver) return refused('not_found', 'driver not found');
    if (driver.status === 'fired') return refused('forbidden', 'driver account is not active');
    if (billed?.blocked) return refused('forbidden', 'driver account is blocked in billing');
    if (billed?.currency && billed.currency !== wallet.currency) {
      return refused(
        'forbidden',
        `the driver's balance is held in ${billed.currency}, the wallet pays ${wallet.currency}`,
      );
    }
    return { kind: 'check_ok', driverId: driver.id, displayName: driver.displayName };
  };
}

export type DriverEligibility = ReturnType<typeof createDriverEligibility>;
