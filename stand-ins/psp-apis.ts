import type { PspCode } from '../domain/psp-codes';
import { MANIFESTS, type PspApiUrlKey } from '../psp/manifests';
import type { PspManifest } from '../psp/manifest';
import type { StandIn } from './faults';

const manifests: readonly PspManifest<PspCode, PspApiUrlKey>[] = MANIFESTS;

/** The PSP APIs we call, one per manifest that has one, each played by the stand-in its manifest names. */
export const PSP_APIS = manifests.flatMap(({ code, api }) => (api ? [{ code, ...api }] : []));

/** `npm start`'s ports for them: a fixed port each, so a demo's config stays the same between runs. */
export const demoPspApiPorts = (): Partial<Record<PspCode, number>> =>
  Object.fromEntries(PSP_APIS.map((api) => [api.code, api.standInPort]));

/**
 * Starts every PSP API's stand-in (absent ports: random free ones) and answers their base URLs by config variable,
 * ready to spread into the environment.
 */
export async function startPspApis(
  ports: Partial<Record<PspCode, number>>,
  host: string | undefined,
  track: (starting: Promise<StandIn>) => Promise<StandIn>,
): Promise<Record<PspApiUrlKey, string>> {
  const urls: Partial<Record<PspApiUrlKey, string>> = {};
  for (const api of PSP_APIS) {
    const start = await api.standIn();
    urls[api.urlConfigKey] = (await track(start(ports[api.code] ?? 0, { host }))).url;
  }
  return urls as Record<PspApiUrlKey, string>;
}
