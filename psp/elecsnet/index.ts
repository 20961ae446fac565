import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveElecsnetRules } from './settings';
import { DENY_ALL_IPS } from '../ip-allow-list';
import { definePspManifest } from '../manifest';
import type { PspAdapter } from '../types';
import { parseElecsnet, type ElecsnetContext } from './parse';
import { renderElecsnet } from './render';
import { elecsnetSimulator } from './simulator';
import { verifyElecsnet } from './verify';

/** Elecsnet, Russia (README: Rules): signed form POST `type=1|2`, signed URL-encoded answers, IP allow-list. */
export const elecsnetAdapter: PspAdapter<ElecsnetContext> = {
  code: 'elecsnet',
  // Elecsnet's source ranges (its `remoteAddressMasks`) are not public: nobody is admitted until the park lists them.
  defaultIpAllowList: DENY_ALL_IPS,
  settingsProblem: settingsProblemBy(resolveElecsnetRules),
  verify: verifyElecsnet,
  parse: parseElecsnet,
  render: (outcome, context, _req, wallet) => renderElecsnet(outcome, context, wallet),
};

export const elecsnet = definePspManifest({
  code: 'elecsnet',
  adapter: elecsnetAdapter,
  simulator: elecsnetSimulator,
  currencies: ['RUB'],
});
