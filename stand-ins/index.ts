import { startBilling } from './billing';
import { startDriverProfiles } from './driver-profiles';
import type { DriverSeed, StandIn } from './faults';
import { startFleetTransactions } from './fleet-transactions';
import { startPaystack } from '../psp/paystack/stand-in';
import { startQiwiPull } from '../psp/qiwi/stand-in';
import { startUapiKeys } from './uapi-keys';

export { startBilling } from './billing';
export { startDriverProfiles } from './driver-profiles';
export { startFleetTransactions } from './fleet-transactions';
export { startPaystack } from '../psp/paystack/stand-in';
export { startQiwiPull } from '../psp/qiwi/stand-in';
export { startUapiKeys } from './uapi-keys';
export type { DriverSeed, DriverStatus, StandIn } from './faults';

export interface StandInsOptions {
  /** 0 or absent: a random free port. */
  billingPort?: number;
  fleetTransactionsPort?: number;
  driverProfilesPort?: number;
  paystackPort?: number;
  qiwiPullPort?: number;
  uapiKeysPort?: number;
  host?: string;
  /** Seeded in billing and driver profiles; `POST /_control/reset` returns to exactly these. */
  seedDrivers?: DriverSeed[];
}

export interface StandIns {
  billingUrl: string;
  fleetTransactionsUrl: string;
  driverProfilesUrl: string;
  /** Paystack's API (transaction verify). */
  paystackUrl: string;
  /** QIWI Wallet Pull REST API v2 (bills). */
  qiwiPullUrl: string;
  uapiKeysUrl: string;
  close(): Promise<void>;
}

export async function startStandIns(opts: StandInsOptions = {}): Promise<StandIns> {
  const { host, seedDrivers: drivers = [] } = opts;
  const started: StandIn[] = [];
  const closeAll = async () => {
    await Promise.all(started.map((s) => s.close()));
  };
  const track = async (starting: Promise<StandIn>) => {
    const standIn = await starting;
    started.push(standIn);
    return standIn;
  };
  try {
    const billing = await track(startBilling(opts.billingPort, { host, drivers }));
    const fleetTransactions = await track(startFleetTransactions(opts.fleetTransactionsPort, { host }));
    const driverProfiles = await track(startDriverProfiles(opts.driverProfilesPort, { host, drivers }));
    const paystack = await track(startPaystack(opts.paystackPort, { host }));
    const qiwiPull = await track(startQiwiPull(opts.qiwiPullPort, { host }));
    const uapiKeys = await track(startUapiKeys(opts.uapiKeysPort, { host }));
    return {
      billingUrl: billing.url,
      fleetTransactionsUrl: fleetTransactions.url,
      driverProfilesUrl: driverProfiles.url,
      paystackUrl: paystack.url,
      qiwiPullUrl: qiwiPull.url,
      uapiKeysUrl: uapiKeys.url,
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
