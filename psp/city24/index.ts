import { DENY_ALL_IPS } from '../ip-allow-list';
import { createOsmpAdapter } from '../osmp/adapter';
import { defineOsmpConfig } from '../osmp/config';
import { osmpSimulator } from '../osmp/simulator';
import { definePspManifest } from '../manifest';

/** City24 terminals, Ukraine: no public spec; OSMP assumed until City24 sends its document (psp/osmp/README.md). */
export const city24Adapter = createOsmpAdapter(
  defineOsmpConfig({
    code: 'city24',
    currency: 'UAH',
    // Source IPs unknown and OSMP has no signature: nobody is admitted until the park lists City24's ranges.
    ipAllowList: DENY_ALL_IPS,
    // Kyiv standard time; summer time (UTC+3) is not modelled, a wallet can set its own offset.
    txnDateUtcOffsetMinutes: 120,
  }),
);

export const city24 = definePspManifest({
  code: 'city24',
  adapter: city24Adapter,
  simulator: osmpSimulator(city24Adapter.config),
  currencies: ['UAH'],
  sharedProtocol: 'osmp',
});
