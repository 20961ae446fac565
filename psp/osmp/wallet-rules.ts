import { z } from 'zod';
import { isSupportedCurrency } from '../../domain/money';
import type { WalletContext } from '../types';
import { OSMP_PARAMS, type OsmpConfig, type OsmpParam, type OsmpParamNames } from './config';

/** The PSP's configuration with the wallet's overrides applied. */
export interface OsmpRules {
  readonly currency: string;
  readonly paramNames: OsmpParamNames;
  readonly account: RegExp;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
  readonly txnDateUtcOffsetMinutes: number;
  /** Driver names are personal data: shown to the payer at CHECK only when the park opts in. */
  readonly exposeDriverName: boolean;
}

export type RulesResult = { ok: true; rules: OsmpRules } | { ok: false; message: string };

const wireName = z.string().regex(/^[\w.[\]-]{1,64}$/);
const minorUnits = z.string().regex(/^\d{1,18}$/).transform((digits) => BigInt(digits));

// Not strict at the top level: the same settings also hold the gateway's keys (ipAllowList, ...).
const settingsSchema = z.object({
  paramNames: z
    .strictObject({ command: wireName, txn_id: wireName, txn_date: wireName, account: wireName, sum: wireName })
    .partial()
    .nullish(),
  accountPattern: z.string().min(1).max(500).nullish(),
  minAmountMinor: minorUnits.nullish(),
  maxAmountMinor: minorUnits.nullish(),
  txnDateUtcOffsetMinutes: z.number().int().min(-720).max(840).nullish(),
  exposeDriverName: z.boolean().nullish(),
});

export function resolveWalletRules(config: OsmpConfig, wallet: WalletContext): RulesResult {
  if (wallet.psp !== config.code) return misconfigured(`wallet is for ${wallet.psp}, not ${config.code}`);
  if (!isSupportedCurrency(wallet.currency)) return misconfigured(`unsupported currency ${wallet.currency}`);
  const parsed = settingsSchema.safeParse(wallet.settings);
  if (!parsed.success) return misconfigured(z.prettifyError(parsed.error));
  const settings = parsed.data;

  const names = Object.fromEntries(
    OSMP_PARAMS.map((param) => [param, settings.paramNames?.[param] ?? config.paramNames[param]]),
  ) as Record<OsmpParam, string>;
  if (new Set(Object.values(names)).size !== OSMP_PARAMS.length) return misconfigured('paramNames must be distinct');

  const account = compileAccountPattern(settings.accountPattern ?? config.accountPattern);
  if (!account) return misconfigured('accountPattern is not a valid regular expression');

  const minAmountMinor = settings.minAmountMinor ?? config.minAmountMinor;
  const maxAmountMinor = settings.maxAmountMinor ?? config.maxAmountMinor;
  if (minAmountMinor > maxAmountMinor) return misconfigured('minAmountMinor exceeds maxAmountMinor');

  return {
    ok: true,
    rules: {
      currency: wallet.currency,
      paramNames: names,
      account,
      minAmountMinor,
      maxAmountMinor,
      txnDateUtcOffsetMinutes: settings.txnDateUtcOffsetMinutes ?? config.txnDateUtcOffsetMinutes,
      exposeDriverName: settings.exposeDriverName ?? false,
    },
  };
}

/** Always a whole-string match, whatever anchors the park wrote; 'u' for strict syntax and \p{…} classes. */
function compileAccountPattern(pattern: string): RegExp | undefined {
  try {
    // Compiled alone first: an unbalanced pattern such as `a)|(b` would otherwise break out of the anchors.
    new RegExp(pattern, 'u');
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

function misconfigured(detail: string): RulesResult {
  return { ok: false, message: `wallet settings invalid: ${detail}` };
}
