import type { PspCode } from '../../domain/psp-codes';
import type { Harness } from '../../testkit/harness';
import { seedDrivers } from '../../testkit/neighbours';

/** Shared by the Elecsnet, TBC and Telcell e2e tests: a park with drivers, a wallet with credentials and its link. */
export const LOOPBACK = ['127.0.0.1/32', '::1/128'];

export async function terminalWallet(
  h: Harness,
  parkId: string,
  psp: PspCode,
  currency: string,
  settings: Record<string, unknown>,
  credentials: Record<string, string>,
): Promise<{ walletId: string; linkUrl: string }> {
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp,
    name: `${psp} wallet`,
    currency,
    settings,
    credentials,
  });
  if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status} ${JSON.stringify(wallet.body)}`);
  const link = await h.api('POST', `/v1/parks/${parkId}/wallets/${wallet.body.id}/link`);
  if (link.status !== 201) throw new Error(`link issue → ${link.status}`);
  return {
    walletId: wallet.body.id as string,
    linkUrl: (link.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl),
  };
}

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
