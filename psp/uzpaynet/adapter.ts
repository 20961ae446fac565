import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveWalletRules } from './wallet-rules';
import type { PspAdapter } from '../types';
import { DENY_ALL_IPS } from '../ip-allow-list';
import { parsePaynet, type PaynetContext } from './parse';
import { renderPaynet } from './render';
import { verifyPaynet } from './verify';

/**
 * UzPaynet's provider web service (README). Paynet's source addresses are not public: a wallet admits
 * nobody until the park lists them in its `ipAllowList`. `now` stamps the answers' timeStamp.
 */
export function createPaynetAdapter(now: () => Date = () => new Date()): PspAdapter<PaynetContext> {
  return {
    code: 'uzpaynet',
    defaultIpAllowList: DENY_ALL_IPS,
    settingsProblem: settingsProblemBy(resolveWalletRules),
    verify: verifyPaynet,
    parse: parsePaynet,
    render: (outcome, context, req, wallet) => renderPaynet(outcome, context, req, wallet, now()),
  };
}

export const uzpaynetAdapter = createPaynetAdapter();
