import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveSettings } from './settings';
import { definePspManifest } from '../manifest';
import type { PspAdapter } from '../types';
import { createQiwiPullClient } from './client';
import { parseQiwi, type QiwiContext } from './parse';
import { renderQiwi } from './render';
import { qiwiSimulator } from './simulator';
import { verifyQiwi } from './verify';

/** QIWI's documented notification source subnets (README: Rules); the same as the OSMP protocol's. */
export const QIWI_NOTIFICATION_IPS: readonly string[] = ['91.232.230.0/23', '79.142.16.0/20'];

/** QIWI Wallet Pull REST API v2 notifications (README): the seed's `qiwi` ("xml"). */
export const qiwiAdapter: PspAdapter<QiwiContext> = {
  code: 'qiwi',
  defaultIpAllowList: QIWI_NOTIFICATION_IPS,
  settingsProblem: settingsProblemBy(resolveSettings),
  verify: verifyQiwi,
  parse: parseQiwi,
  render: (outcome, context, req) => renderQiwi(outcome, req, context !== undefined),
};

export const qiwi = definePspManifest({
  code: 'qiwi',
  adapter: qiwiAdapter,
  simulator: qiwiSimulator,
  currencies: ['RUB'],
  api: {
    name: 'qiwi-pull',
    urlConfigKey: 'QIWI_API_URL',
    standInPort: 8095,
    client: createQiwiPullClient,
    standIn: () => import('./stand-in').then((m) => m.startQiwiPull),
  },
});
