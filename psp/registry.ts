import type { PspCode } from '../domain/psp-codes';
import { city24Adapter } from './city24';
import { mobilnikAdapter } from './mobilnik';
import { qiwiMdAdapter } from './qiwi_md';
import { qiwiQvpAdapter } from './qiwi_qvp';
import type { PspAdapter } from './types';

/** The PSPs whose callbacks we serve. A Map, so a code from a URL can never hit an Object.prototype key. */
export const ADAPTERS: ReadonlyMap<PspCode, PspAdapter> = new Map<PspCode, PspAdapter>([
  ['qiwi_qvp', qiwiQvpAdapter],
  ['qiwi_md', qiwiMdAdapter],
  ['city24', city24Adapter],
  ['mobilnik', mobilnikAdapter],
]);

export function getAdapter(code: PspCode): PspAdapter | undefined {
  return ADAPTERS.get(code);
}
