import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveIdramRules } from './settings';
import { DENY_ALL_IPS } from '../ip-allow-list';
import { definePspManifest } from '../manifest';
import type { PspAdapter } from '../types';
import { parseIdram, readIdramCall, type IdramContext } from './parse';
import { renderIdram } from './render';
import { idramSimulator } from './simulator';

/**
 * Idram's Merchant Interface (README). `verify` refuses what fails authentication (settings that cannot be applied, a
 * foreign EDP_REC_ACCOUNT, a bad EDP_CHECKSUM) before the call is interpreted; a malformed call passes on to `parse`,
 * which checks all of it again and refuses it as a bad request.
 */
export const idramAdapter: PspAdapter<IdramContext> = {
  code: 'idram',
  // Idram publishes no source ranges and the precheck is unsigned: nobody is admitted until the park lists them.
  defaultIpAllowList: DENY_ALL_IPS,
  settingsProblem: settingsProblemBy(resolveIdramRules),
  verify(req, wallet) {
    const call = readIdramCall(req, wallet);
    if (call.ok || (call.reason !== 'forbidden' && call.reason !== 'unauthorized')) return { ok: true };
    return { ok: false, reason: call.reason, message: call.message };
  },
  parse: parseIdram,
  render: (outcome) => renderIdram(outcome),
};

export const idram = definePspManifest({
  code: 'idram',
  adapter: idramAdapter,
  simulator: idramSimulator,
  currencies: ['AMD'],
  // The park's own Idram account: refused until set.
  starterSettings: () => ({ recAccount: '110000601' }),
});
