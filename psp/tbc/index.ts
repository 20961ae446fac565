import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveTbcRules } from './settings';
import { DENY_ALL_IPS } from '../ip-allow-list';
import { definePspManifest } from '../manifest';
import type { PspAdapter } from '../types';
import { parseTbc, type TbcContext } from './parse';
import { renderTbc } from './render';
import { tbcSimulator } from './simulator';
import { verifyTbc } from './verify';

/** TBC Pay terminals, Georgia (README: Rules): GET check/pay, XML answers, HTTP Basic plus an IP allow-list. */
export const tbcAdapter: PspAdapter<TbcContext> = {
  code: 'tbc',
  // TBC's source ranges are not public: nobody is admitted until the park lists them.
  defaultIpAllowList: DENY_ALL_IPS,
  settingsProblem: settingsProblemBy(resolveTbcRules),
  verify: verifyTbc,
  parse: parseTbc,
  render: (outcome, context) => renderTbc(outcome, context),
};

export const tbc = definePspManifest({
  code: 'tbc',
  adapter: tbcAdapter,
  simulator: tbcSimulator,
  currencies: ['GEL'],
});
