import { DENY_ALL_IPS } from '../ip-allow-list';
import { createOsmpAdapter } from '../osmp/adapter';
import { defineOsmpConfig } from '../osmp/config';

/** Mobilnik's terminal top-ups, Kyrgyzstan: not public; OSMP assumed, as Kyrgyz networks use (psp/osmp/README.md). */
export const mobilnikTerminalAdapter = createOsmpAdapter(
  defineOsmpConfig({
    code: 'mobilnik',
    currency: 'KGS',
    // Source IPs unknown and OSMP has no signature: nobody is admitted until the park lists Mobilnik's ranges.
    ipAllowList: DENY_ALL_IPS,
    txnDateUtcOffsetMinutes: 360, // Bishkek, UTC+6 all year
  }),
);
