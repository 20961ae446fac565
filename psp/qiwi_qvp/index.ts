import { createOsmpAdapter } from '../osmp/adapter';
import { defineOsmpConfig } from '../osmp/config';
import { osmpSimulator } from '../osmp/simulator';
import { definePspManifest } from '../manifest';

/** QIWI provider protocol (psp/osmp/README.md): documented, the reference member of the OSMP family. */
export const qiwiQvpAdapter = createOsmpAdapter(
  defineOsmpConfig({
    code: 'qiwi_qvp',
    currency: 'RUB',
    // QIWI's documented source subnets. The credit-organisation variant adds 195.189.100.0/22 and
    // 91.213.51.0/24; a park on it lists them in the wallet's ipAllowList.
    ipAllowList: ['79.142.16.0/20', '91.232.230.0/23'],
    txnDateUtcOffsetMinutes: 180, // Moscow, UTC+3 all year
  }),
);

export const qiwiQvp = definePspManifest({
  code: 'qiwi_qvp',
  adapter: qiwiQvpAdapter,
  simulator: osmpSimulator(qiwiQvpAdapter.config),
  currencies: ['RUB'],
  sharedProtocol: 'osmp',
});
