import { settingsProblemBy } from '../shared/wallet-settings';
import type { PspAdapter } from '../types';
import type { OsmpConfig } from './config';
import { parseOsmp, type OsmpContext } from './parse';
import { renderOsmp } from './render';
import { resolveWalletRules } from './wallet-rules';

export interface OsmpAdapter extends PspAdapter<OsmpContext> {
  readonly config: OsmpConfig;
}

/**
 * OSMP has no signature: the gateway enforces the IP allow-list and the link is the secret. `verify` only refuses
 * a wallet whose settings cannot be applied, before any of the call is interpreted.
 */
export function createOsmpAdapter(config: OsmpConfig): OsmpAdapter {
  return {
    code: config.code,
    config,
    defaultIpAllowList: config.ipAllowList,
    settingsProblem: settingsProblemBy((wallet) => resolveWalletRules(config, wallet)),
    verify(_req, wallet) {
      const resolved = resolveWalletRules(config, wallet);
      return resolved.ok ? { ok: true } : { ok: false, reason: 'forbidden', message: resolved.message };
    },
    parse: (req, wallet) => parseOsmp(config, req, wallet),
    render: (outcome, context, req) => renderOsmp(config, outcome, context, req),
  };
}
