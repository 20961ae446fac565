import type { Harness } from '../../testkit/harness';
import { seedDrivers } from '../../testkit/neighbours';

/** Shared by the Elecsnet, TBC and Telcell e2e tests: a park with drivers and the loopback its PSP calls from. */
export const LOOPBACK = ['127.0.0.1/32', '::1/128'];

/** A driver the park has fired: known to driver profiles (and billing), never to be paid. */
export const FIRED_DRIVER = 'DRV-FIRED';

/** The park's drivers, plus FIRED_DRIVER. */
export async function seedParkDrivers(h: Harness, parkId: string, ids: string[]): Promise<void> {
  const drivers = [...ids, FIRED_DRIVER].map((id) => ({ park_id: parkId, id, display_name: `Driver ${id}` }));
  await seedDrivers(
    h.driverProfilesUrl,
    drivers.map((d) => (d.id === FIRED_DRIVER ? { ...d, status: 'fired' } : d)),
  );
  await seedDrivers(h.billingUrl, drivers);
}

export const transactionsOf = (h: Harness, walletId: string, pspTxnId?: string) =>
  h.sys.db.transaction.findMany({ where: { walletId, ...(pspTxnId !== undefined && { pspTxnId }) } });

/** A simulated request's body padded past the gateway's cap. */
export const oversized = (h: Harness, body = '') => `${body}&pad=${'x'.repeat(h.config.MAX_BODY_BYTES)}`;
