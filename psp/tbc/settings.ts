import { z } from 'zod';
import type { WalletDraft } from '../types';
import { paramNamesSchema, resolveParamNames } from '../shared/query-params';
import { readTerminalWallet, terminalSettingsShape, type TerminalRules } from '../shared/terminal-rules';
import { misconfigured } from '../shared/wallet-settings';

export const TBC_PARAMS = ['command', 'account', 'txn_id', 'sum'] as const;
export type TbcParam = (typeof TBC_PARAMS)[number];
const DEFAULT_NAMES: Readonly<Record<TbcParam, string>> = {
  command: 'command',
  account: 'account',
  txn_id: 'txn_id',
  sum: 'sum',
};

export interface TbcRules extends TerminalRules {
  readonly currency: string;
  readonly paramNames: Readonly<Record<TbcParam, string>>;
  /** What an identical repeated PAY is answered: 0 (the original answer) or TBC's documented 215. */
  readonly duplicateResult: 0 | 215;
}

const schema = z.object({
  ...terminalSettingsShape,
  // Integrations rename parameters per contract (the NestJS one reads caseId for the account).
  paramNames: paramNamesSchema(TBC_PARAMS),
  duplicateResult: z.union([z.literal(0), z.literal(215)]).nullish(),
});

export function resolveTbcRules(wallet: WalletDraft): { ok: true; rules: TbcRules } | { ok: false; message: string } {
  const read = readTerminalWallet(schema, 'tbc', wallet);
  if (!read.ok) return read;
  const { settings, terminal } = read;
  const paramNames = resolveParamNames(DEFAULT_NAMES, settings.paramNames);
  if (!paramNames) return misconfigured('paramNames must be distinct');
  return {
    ok: true,
    rules: { ...terminal, currency: wallet.currency, paramNames, duplicateResult: settings.duplicateResult ?? 0 },
  };
}
