import type { PspCode } from '../domain/psp-codes';
import type { PspManifest } from './manifest';
import { MANIFESTS } from './manifests';
import type { PspSimulator } from './simulator';
import type { PspAdapter } from './types';

/** PSPs by code. Maps, so a code from a URL can never hit an Object.prototype key. */
export interface PspRegistry {
  readonly codes: readonly PspCode[];
  readonly manifests: ReadonlyMap<PspCode, PspManifest>;
  readonly adapters: ReadonlyMap<PspCode, PspAdapter>;
  readonly simulators: ReadonlyMap<PspCode, PspSimulator>;
}

/** Refuses a list it cannot serve unambiguously, so a mistake stops the process at start instead of a payment. */
export function createPspRegistry(manifests: readonly PspManifest[]): PspRegistry {
  const byCode = new Map<PspCode, PspManifest>();
  for (const m of manifests) {
    if (byCode.has(m.code)) throw new Error(`PSP ${m.code} is listed twice`);
    if (m.adapter.code !== m.code) throw new Error(`PSP ${m.code} has the adapter of ${m.adapter.code}`);
    if (m.simulator.code !== m.code) throw new Error(`PSP ${m.code} has the simulator of ${m.simulator.code}`);
    byCode.set(m.code, m);
  }
  const each = <T>(pick: (m: PspManifest) => T) => new Map([...byCode].map(([code, m]) => [code, pick(m)] as const));
  return {
    codes: [...byCode.keys()],
    manifests: byCode,
    adapters: each((m) => m.adapter),
    simulators: each((m) => m.simulator),
  };
}

export const PSP_REGISTRY = createPspRegistry(MANIFESTS);

/** The PSPs whose callbacks we serve. */
export const ADAPTERS: ReadonlyMap<PspCode, PspAdapter> = PSP_REGISTRY.adapters;

export function getAdapter(code: PspCode): PspAdapter | undefined {
  return ADAPTERS.get(code);
}
