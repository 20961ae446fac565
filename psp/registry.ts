import type { PspCode } from '../domain/psp-codes';
import { city24Adapter } from './city24';
import { easypayAdapter } from './easypay';
import { elecsnetAdapter } from './elecsnet';
import { idramAdapter } from './idram';
import { mobilnikAdapter } from './mobilnik';
import { paystackAdapter } from './paystack';
import { qiwiAdapter } from './qiwi';
import { qiwiMdAdapter } from './qiwi_md';
import { qiwiQvpAdapter } from './qiwi_qvp';
import { tbcAdapter } from './tbc';
import { tellcellAdapter } from './tellcell';
import type { PspAdapter } from './types';
import { uzpaynetAdapter } from './uzpaynet/adapter';

/** The PSPs whose callbacks we serve. A Map, so a code from a URL can never hit an Object.prototype key. */
export const ADAPTERS: ReadonlyMap<PspCode, PspAdapter> = new Map<PspCode, PspAdapter>([
  ['qiwi_qvp', qiwiQvpAdapter],
  ['qiwi_md', qiwiMdAdapter],
  ['city24', city24Adapter],
  ['mobilnik', mobilnikAdapter],
  ['easypay', easypayAdapter],
  ['paystack', paystackAdapter],
  ['qiwi', qiwiAdapter],
  ['elecsnet', elecsnetAdapter],
  ['tbc', tbcAdapter],
  ['tellcell', tellcellAdapter],
  ['idram', idramAdapter],
  ['uzpaynet', uzpaynetAdapter],
]);

export function getAdapter(code: PspCode): PspAdapter | undefined {
  return ADAPTERS.get(code);
}
