import type { PspCode } from '../domain/psp-codes';
import { city24 } from './city24';
import { easypay } from './easypay';
import { elecsnet } from './elecsnet';
import { idram } from './idram';
import { mobilnik } from './mobilnik';
import { paystack } from './paystack';
import { qiwi } from './qiwi';
import { qiwiMd } from './qiwi_md';
import { qiwiQvp } from './qiwi_qvp';
import { tbc } from './tbc';
import { tellcell } from './tellcell';
import { uzpaynet } from './uzpaynet';

/**
 * Every PSP we serve, one line each. The adapter registry, the simulators, the payment verifiers and the stand-ins
 * are all read from this list; adding a PSP is its folder plus a line here (docs/adding-a-psp.md).
 */
export const MANIFESTS = [
  qiwiQvp,
  qiwiMd,
  city24,
  mobilnik,
  easypay,
  paystack,
  qiwi,
  elecsnet,
  tbc,
  tellcell,
  idram,
  uzpaynet,
] as const;

export type ListedManifest = (typeof MANIFESTS)[number];

/** The config variables of the PSP APIs we call (e.g. PAYSTACK_API_URL), as literal types. */
export type PspApiUrlKey = NonNullable<ListedManifest['api']>['urlConfigKey'];

// Fails to compile when domain/psp-codes.ts names a PSP that has no line above (the other way round cannot
// compile either: a manifest's code must be a PspCode).
const _everyCodeHasAManifest: Exclude<PspCode, ListedManifest['code']> extends never ? true : never = true;
