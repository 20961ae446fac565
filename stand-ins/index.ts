import { startBilling } from './billing';
import { startDriverProfiles } from './driver-profiles';
import type { PspCode } from '../domain/psp-codes';
import type { PspApiUrlKey } from '../psp/manifests';
import type { DriverSeed, StandIn } from './faults';
import { startFleetTransactions } from './fleet-transactions';
import { startPspApis } from './psp-apis';
import { startUapiKeys } from './uapi-keys';

export { startBilling } from './billing';
export { startDriverProfiles } from './driver-profiles';
export { startFleetTransactions } from './fleet-transactions';
export { startUapiKeys } from './uapi-keys';
export type { DriverSeed, DriverStatus, StandIn } from './faults';
export { demoPspApiPorts } from './psp-apis';

export interface StandInsOptions {
  /** 0 or absent: a random free port. */
  billingPort?: number;
  fleetTransactionsPort?: number;
  driverProfilesPort?: number;
  /** By PSP code, for the PSPs whose API we call (their manifests name the stand-in). */
  pspApiPorts?: Partial<Record<PspCode, number>>;
  uapiKeysPort?: number;
  host?: string;
  /** Seeded in billing and driver profiles; `POST /_control/reset` returns to exactly these. */
  seedDrivers?: DriverSeed[];
}

export interface StandIns {
  billingUrl: string;
  fleetTransactionsUrl: string;
  driverProfilesUrl: string;
  /** The PSP APIs' stand-ins by the config variable that points at them, e.g. `PAYSTACK_API_URL`. */
  pspApiUrls: Record<PspApiUrlKey, string>;
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
    const pspApiUrls = await startPspApis(opts.pspApiPorts ?? {}, host, track);
    const uapiKeys = await track(startUapiKeys(opts.uapiKeysPort, { host }));
    return {
      billingUrl: billing.url,
      fleetTransactionsUrl: fleetTransactions.url,
      driverProfilesUrl: driverProfiles.url,
      pspApiUrls,
      uapiKeysUrl: uapiKeys.url,
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
