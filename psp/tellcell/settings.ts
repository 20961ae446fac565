import { z } from 'zod';
import { REFUSALS, type PaymentView, type Refusal, type WalletDraft } from '../types';
import { paramNamesSchema, resolveParamNames } from '../shared/query-params';
import { readTerminalWallet, terminalSettingsShape, type TerminalRules } from '../shared/terminal-rules';
import { misconfigured } from '../shared/wallet-settings';

/** Only `action` is public (README); the other names are assumed and set per wallet once Telcell sends its spec. */
export const TELLCELL_PARAMS = ['action', 'account', 'amount', 'txn_id'] as const;
export type TellcellParam = (typeof TELLCELL_PARAMS)[number];
const DEFAULT_NAMES: Readonly<Record<TellcellParam, string>> = {
  action: 'action',
  account: 'account',
  amount: 'amount',
  txn_id: 'id',
};

type PaymentState = PaymentView['state'];
const DEFAULT_STATUS_CODES: Readonly<Record<PaymentState, number>> = { processed: 200, accepted: 202, rejected: 410 };

export interface TellcellRules extends TerminalRules {
  readonly currency: string;
  readonly paramNames: Readonly<Record<TellcellParam, string>>;
  /** Overrides of the refusal codes (only 403, 404, 400 and 500 are seen in public code; the rest are assumed). */
  readonly refusalCodes: Readonly<Partial<Record<Refusal, number>>>;
  /** The status answer's code per payment state; the SDK shows only 200 "Order completed". */
  readonly statusCodes: Readonly<Record<PaymentState, number>>;
}

const code = z.number().int().min(0).max(99_999);

const schema = z.object({
  ...terminalSettingsShape,
  paramNames: paramNamesSchema(TELLCELL_PARAMS),
  refusalCodes: z.partialRecord(z.enum(REFUSALS), code).nullish(),
  statusCodes: z.strictObject({ processed: code, accepted: code, rejected: code }).partial().nullish(),
});

export function resolveTellcellRules(
  wallet: WalletDraft,
): { ok: true; rules: TellcellRules } | { ok: false; message: string } {
  const read = readTerminalWallet(schema, 'tellcell', wallet);
  if (!read.ok) return read;
  const { settings, terminal } = read;
  const paramNames = resolveParamNames(DEFAULT_NAMES, settings.paramNames);
  if (!paramNames) return misconfigured('paramNames must be distinct');
  return {
    ok: true,
    rules: {
      ...terminal,
      currency: wallet.currency,
      paramNames,
      refusalCodes: settings.refusalCodes ?? {},
      statusCodes: { ...DEFAULT_STATUS_CODES, ...settings.statusCodes },
    },
  };
}
