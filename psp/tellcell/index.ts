import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveTellcellRules } from './settings';
import { DENY_ALL_IPS } from '../ip-allow-list';
import { definePspManifest } from '../manifest';
import type { PspAdapter } from '../types';
import { parseTellcell, type TellcellContext } from './parse';
import { renderTellcell } from './render';
import { tellcellSimulator } from './simulator';
import { verifyTellcell } from './verify';

/** Telcell terminals, Armenia (README: Rules): GET check/payment/status, XML answers, IP allow-list, optional JWT. */
export const tellcellAdapter: PspAdapter<TellcellContext> = {
  code: 'tellcell',
  // Telcell's source ranges are not public, and its calls are unsigned: nobody is admitted until the park lists them.
  defaultIpAllowList: DENY_ALL_IPS,
  settingsProblem: settingsProblemBy(resolveTellcellRules),
  verify: verifyTellcell,
  parse: parseTellcell,
  render: (outcome, context) => renderTellcell(outcome, context),
};

export const tellcell = definePspManifest({
  code: 'tellcell',
  adapter: tellcellAdapter,
  simulator: tellcellSimulator,
  currencies: ['AMD'],
});
