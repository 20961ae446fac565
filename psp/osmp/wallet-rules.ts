import { z } from 'zod';
import { paramNamesSchema, resolveParamNames } from '../shared/query-params';
import { resolveTerminalRules, terminalSettingsShape, type TerminalRules } from '../shared/terminal-rules';
import { misconfigured, readWalletSettings } from '../shared/wallet-settings';
import type { WalletDraft } from '../types';
import { OSMP_PARAMS, type OsmpConfig, type OsmpParamNames } from './config';

/** The PSP's configuration with the wallet's overrides applied. */
export interface OsmpRules extends TerminalRules {
  readonly currency: string;
  readonly paramNames: OsmpParamNames;
  readonly txnDateUtcOffsetMinutes: number;
}

export type RulesResult = { ok: true; rules: OsmpRules } | { ok: false; message: string };

const settingsSchema = z.object({
  paramNames: paramNamesSchema(OSMP_PARAMS),
  ...terminalSettingsShape,
  txnDateUtcOffsetMinutes: z.number().int().min(-720).max(840).nullish(),
});

export function resolveWalletRules(config: OsmpConfig, wallet: WalletDraft): RulesResult {
  const read = readWalletSettings(settingsSchema, config.code, wallet);
  if (!read.ok) return read;
  const { settings } = read;

  const names = resolveParamNames(config.paramNames, settings.paramNames);
  if (!names) return misconfigured('paramNames must be distinct');

  const terminal = resolveTerminalRules(settings, config);
  if (!terminal.ok) return misconfigured(terminal.message);

  return {
    ok: true,
    rules: {
      ...terminal.value,
      currency: wallet.currency,
      paramNames: names,
      txnDateUtcOffsetMinutes: settings.txnDateUtcOffsetMinutes ?? config.txnDateUtcOffsetMinutes,
    },
  };
}
