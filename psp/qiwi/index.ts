import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveSettings } from './settings';
import type { PspAdapter } from '../types';
import { parseQiwi, type QiwiContext } from './parse';
import { renderQiwi } from './render';
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
  render: (outcome, _context, req) => renderQiwi(outcome, req),
};
