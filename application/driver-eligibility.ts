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

/** Why a driver may not be paid now: the park's profile or billing's account says so. */
export const NOT_PAYABLE = ['driver_not_found', 'driver_fired', 'driver_blocked', 'currency_mismatch'] as const;
export type NotPayable = (typeof NOT_PAYABLE)[number];

export type Payability =
  { payable: true; driver: { id: string; displayName: string } } | { payable: false; why: NotPayable; message: string };

/** The reason an invoice is held when its money came for a driver who may not be paid: ops re-drive or settle it. */
export const notPayableReason = (v: { why: NotPayable; message: string }) =>
  `driver_not_payable: ${v.message} (${v.why})`;

const notPayable = (why: NotPayable, message: string): Payability => ({ payable: false, why, message });

/**
 * May this wallet's money reach this driver? Asked at CHECK, before a PAY is answered and before an invoice is issued
 * or credited, so what billing would refuse after a success answer (a blocked driver, a balance in another currency)
 * is refused before the money moves. Both neighbours are asked at once: one round trip on the PSP's clock.
 */
export function createDriverPayability({ drivers, billing, log }: DriverEligibilityDeps) {
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

  return async function payable(
    wallet: Pick<WalletContext, 'parkId' | 'currency'>,
    account: string,
  ): Promise<Payability> {
    const [driver, billed] = await Promise.all([
      drivers.find(wallet.parkId, account),
      accountOf(wallet.parkId, account),
    ]);
    if (!driver) return notPayable('driver_not_found', 'driver not found');
    if (driver.status === 'fired') return notPayable('driver_fired', 'driver account is not active');
    if (billed?.blocked) return notPayable('driver_blocked', 'driver account is blocked in billing');
    if (billed?.currency && billed.currency !== wallet.currency) {
      return notPayable(
        'currency_mismatch',
        `the driver's balance is held in ${billed.currency}, the wallet pays ${wallet.currency}`,
      );
    }
    return { payable: true, driver: { id: driver.id, displayName: driver.displayName } };
  };
}

export type DriverPayability = ReturnType<typeof createDriverPayability>;

/** The payability verdict in the PSP's terms: an unknown driver is `not_found`, any other refusal `forbidden`. */
export function createDriverEligibility(deps: DriverEligibilityDeps) {
  const payable = createDriverPayability(deps);
  return async function eligible(wallet: WalletContext, account: string): Promise<Outcome> {
    const verdict = await payable(wallet, account);
    if (verdict.payable)
      return { kind: 'check_ok', driverId: verdict.driver.id, displayName: verdict.driver.displayName };
    return {
      kind: 'refused',
      reason: verdict.why === 'driver_not_found' ? 'not_found' : 'forbidden',
      message: verdict.message,
    };
  };
}

export type DriverEligibility = ReturnType<typeof createDriverEligibility>;
