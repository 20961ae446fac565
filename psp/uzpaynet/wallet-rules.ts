import { z } from 'zod';
import type { WalletContext } from '../types';

/** The wallet's settings for this contract, defaults applied. See README.md for each. */
export interface PaynetRules {
  readonly accountParamKey: string;
  readonly account: RegExp;
  /** Paynet's serviceId for the park's service; unchecked when the park has not set it. */
  readonly serviceId?: bigint;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
  /** Offset of our answer timestamps, and of Paynet dates sent without one (Tashkent, UTC+5, no DST). */
  readonly utcOffsetMinutes: number;
  /** Driver names are personal data: returned by GetInformation only when the park opts in. */
  readonly exposeDriverName: boolean;
}

export const DEFAULT_RULES: PaynetRules = {
  accountParamKey: 'client_id',
  account: /^(?:[A-Za-z0-9_-]{1,64})$/u,
  minAmountMinor: 100n, // 1 UZS
  // 50 000 000 UZS in tiyin: far above a driver top-up, low enough to stop a typo'd amount.
  maxAmountMinor: 5_000_000_000n,
  utcOffsetMinutes: 300,
  exposeDriverName: false,
};

export type RulesResult = { ok: true; rules: PaynetRules } | { ok: false; message: string };

const digits = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]);
const wholeNumber = digits.transform((value) => BigInt(value));

// Not strict at the top level: the same settings also hold the gateway's keys (ipAllowList, ...).
const settingsSchema = z.object({
  accountParamKey: z.string().min(1).max(64).nullish(),
  accountPattern: z.string().min(1).max(500).nullish(),
  serviceId: wholeNumber.nullish(),
  minAmountMinor: wholeNumber.nullish(),
  maxAmountMinor: wholeNumber.nullish(),
  utcOffsetMinutes: z.number().int().min(-720).max(840).nullish(),
  exposeDriverName: z.boolean().nullish(),
});

export function resolveWalletRules(wallet: WalletContext): RulesResult {
  if (wallet.psp !== 'uzpaynet') return misconfigured(`wallet is for ${wallet.psp}, not uzpaynet`);
  if (wallet.currency !== 'UZS') return misconfigured('Paynet pays in UZS only');
  const parsed = settingsSchema.safeParse(wallet.settings);
  if (!parsed.success) return misconfigured(z.prettifyError(parsed.error));
  const s = parsed.data;
  const account = s.accountPattern ? compileAccountPattern(s.accountPattern) : DEFAULT_RULES.account;
  if (!account) return misconfigured('accountPattern is not a valid regular expression');
  const minAmountMinor = s.minAmountMinor ?? DEFAULT_RULES.minAmountMinor;
  const maxAmountMinor = s.maxAmountMinor ?? DEFAULT_RULES.maxAmountMinor;
  if (minAmountMinor < 1n || minAmountMinor > maxAmountMinor) return misconfigured('need 1 <= minAmountMinor <= maxAmountMinor');
  return {
    ok: true,
    rules: {
      accountParamKey: s.accountParamKey ?? DEFAULT_RULES.accountParamKey,
      account,
      ...(s.serviceId != null && { serviceId: s.serviceId }),
      minAmountMinor,
      maxAmountMinor,
      utcOffsetMinutes: s.utcOffsetMinutes ?? DEFAULT_RULES.utcOffsetMinutes,
      exposeDriverName: s.exposeDriverName ?? DEFAULT_RULES.exposeDriverName,
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
