import { z } from 'zod';
import type { Refusal } from '../types';

/** Rules every terminal protocol applies to the account and the amount, with the wallet's overrides. */
export interface TerminalRules {
  readonly account: RegExp;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
  /** Driver names are personal data: shown to the payer at CHECK only when the park opts in. */
  readonly exposeDriverName: boolean;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: Refusal; message: string };

export const refusal = (reason: Refusal, message: string) => ({ ok: false, reason, message }) as const;

const minorUnits = z.string().regex(/^\d{1,18}$/).transform((digits) => BigInt(digits));

/** Zod fields for a wallet's terminal settings; PSP schemas spread them in beside their own. */
export const terminalSettingsShape = {
  accountPattern: z.string().min(1).max(500).nullish(),
  minAmountMinor: minorUnits.nullish(),
  maxAmountMinor: minorUnits.nullish(),
  exposeDriverName: z.boolean().nullish(),
};

type TerminalSettings = z.infer<z.ZodObject<typeof terminalSettingsShape>>;

export const TERMINAL_DEFAULTS = {
  accountPattern: '[A-Za-z0-9_-]{1,64}',
  minAmountMinor: 1n,
  // 100 000.00 in a 2-digit currency: far above a cash-terminal top-up, low enough to stop a typo'd sum.
  maxAmountMinor: 10_000_000n,
};

export function resolveTerminalRules(settings: TerminalSettings): Checked<TerminalRules> {
  const account = compileAccountPattern(settings.accountPattern ?? TERMINAL_DEFAULTS.accountPattern);
  if (!account) return refusal('error', 'accountPattern is not a valid regular expression');
  const minAmountMinor = settings.minAmountMinor ?? TERMINAL_DEFAULTS.minAmountMinor;
  const maxAmountMinor = settings.maxAmountMinor ?? TERMINAL_DEFAULTS.maxAmountMinor;
  if (minAmountMinor > maxAmountMinor) return refusal('error', 'minAmountMinor exceeds maxAmountMinor');
  return { ok: true, value: { account, minAmountMinor, maxAmountMinor, exposeDriverName: settings.exposeDriverName ?? false } };
}

/** The length cap also bounds the time a park's account pattern can take. */
export function checkAccount(account: string | undefined, rules: TerminalRules): Checked<string> {
  if (account === undefined) return refusal('bad_request', 'account is missing');
  if (account.length > 200 || !rules.account.test(account)) return refusal('bad_account', 'account does not match the account pattern');
  return { ok: true, value: account };
}

/** A zero or negative amount is never a top-up. */
export function checkLimits(minor: bigint, rules: TerminalRules): Checked<bigint> {
  if (minor <= 0n || minor < rules.minAmountMinor) return refusal('amount_too_small', 'amount below minimum');
  if (minor > rules.maxAmountMinor) return refusal('amount_too_large', 'amount above maximum');
  return { ok: true, value: minor };
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
