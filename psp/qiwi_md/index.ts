import { DENY_ALL_IPS } from '../ip-allow-list';
import { createOsmpAdapter } from '../osmp/adapter';
import { defineOsmpConfig } from '../osmp/config';
import { osmpSimulator } from '../osmp/simulator';
import { definePspManifest } from '../manifest';

/** QIWI-M, Moldova (psp/osmp/README.md: Sources): assumed to speak QIWI's OSMP protocol unchanged. */
export const qiwiMdAdapter = createOsmpAdapter(
  defineOsmpConfig({
    code: 'qiwi_md',
    currency: 'MDL',
    // QIWI-M's source IPs are unknown and OSMP has no signature: nobody is admitted until the park lists them.
    ipAllowList: DENY_ALL_IPS,
    // Chisinau standard time; summer time (UTC+3) is not modelled, a wallet can set its own offset.
    txnDateUtcOffsetMinutes: 120,
  }),
);

export const qiwiMd = definePspManifest({
  code: 'qiwi_md',
  adapter: qiwiMdAdapter,
  simulator: osmpSimulator(qiwiMdAdapter.config),
  currencies: ['MDL'],
  sharedProtocol: 'osmp',
});
