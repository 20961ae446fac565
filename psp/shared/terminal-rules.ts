import { z } from 'zod';
import type { ParsedAmount } from '../../domain/money';
import type { PspCode } from '../../domain/psp-codes';
import type { WalletDraft } from '../types';
import { compileAccountPattern, type AccountPattern } from './account-pattern';
import { refusal, type Checked } from './checked';
import { misconfigured, readWalletSettings, type CurrencyCheck } from './wallet-settings';

/** Rules every terminal protocol applies to the account and the amount, with the wallet's overrides. */
export interface TerminalRules {
  readonly account: AccountPattern;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
  /** Driver names are personal data: shown to the payer at CHECK only when the park opts in. */
  readonly exposeDriverName: boolean;
}

const minorUnits = z
  .string()
  .regex(/^\d{1,18}$/)
  .transform((digits) => BigInt(digits));
/** A whole number as digits or as a safe JSON integer: some PSPs' settings take either. */
export const digitsOrSafeInteger = z.union([
  z.string().regex(/^\d{1,18}$/),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);
const minorUnitsOrNumber = digitsOrSafeInteger.transform((value) => BigInt(value));

/** Zod fields for a wallet's terminal settings; `numericAmounts` also accepts the amounts as safe JSON integers. */
export function terminalSettingsFields(options: { numericAmounts?: boolean } = {}) {
  const amount = options.numericAmounts ? minorUnitsOrNumber : minorUnits;
  return {
    accountPattern: z.string().min(1).max(500).nullish(),
    minAmountMinor: amount.nullish(),
    maxAmountMinor: amount.nullish(),
    exposeDriverName: z.boolean().nullish(),
  };
}

/** Zod fields for a wallet's terminal settings; PSP schemas spread them in beside their own. */
export const terminalSettingsShape = terminalSettingsFields();

interface TerminalSettings {
  readonly accountPattern?: string | null;
  readonly minAmountMinor?: bigint | null;
  readonly maxAmountMinor?: bigint | null;
  readonly exposeDriverName?: boolean | null;
}

/** The PSP's defaults for what a wallet leaves unset. */
export interface TerminalDefaults {
  readonly accountPattern: string;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
}

export interface TerminalRuleOptions {
  /** Refuse a configured minimum below 1 as well (the message then states the whole bound). */
  readonly minAtLeastOne?: boolean;
}

export const TERMINAL_DEFAULTS: TerminalDefaults = {
  accountPattern: '[A-Za-z0-9_-]{1,64}',
  minAmountMinor: 1n,
  // 100 000.00 in a 2-digit currency: far above a cash-terminal top-up, low enough to stop a typo'd sum.
  maxAmountMinor: 10_000_000n,
};

export function resolveTerminalRules(
  settings: TerminalSettings,
  defaults: TerminalDefaults = TERMINAL_DEFAULTS,
  options: TerminalRuleOptions = {},
): Checked<TerminalRules> {
  const account = settings.accountPattern
    ? compileAccountPattern(settings.accountPattern, { fromPark: true })
    : compileAccountPattern(defaults.accountPattern, { fromPark: false });
  if (!account) return refusal('error', 'accountPattern is not a valid regular expression');
  const limits = resolveAmountLimits(settings, defaults, options);
  if (!limits.ok) return limits;
  return { ok: true, value: { account, ...limits.value, exposeDriverName: settings.exposeDriverName ?? false } };
}

/** The wallet's amount bounds over the PSP's defaults; a minimum above the maximum is a configuration error. */
export function resolveAmountLimits(
  settings: Pick<TerminalSettings, 'minAmountMinor' | 'maxAmountMinor'>,
  defaults: Pick<TerminalDefaults, 'minAmountMinor' | 'maxAmountMinor'>,
  options: TerminalRuleOptions = {},
): Checked<{ minAmountMinor: bigint; maxAmountMinor: bigint }> {
  const minAmountMinor = settings.minAmountMinor ?? defaults.minAmountMinor;
  const maxAmountMinor = settings.maxAmountMinor ?? defaults.maxAmountMinor;
  if (options.minAtLeastOne) {
    if (minAmountMinor < 1n || minAmountMinor > maxAmountMinor)
      return refusal('error', 'need 1 <= minAmountMinor <= maxAmountMinor');
  } else if (minAmountMinor > maxAmountMinor) return refusal('error', 'minAmountMinor exceeds maxAmountMinor');
  return { ok: true, value: { minAmountMinor, maxAmountMinor } };
}

export interface TerminalWalletOptions extends TerminalRuleOptions {
  readonly checkCurrency?: CurrencyCheck;
  readonly defaults?: TerminalDefaults;
}

/** A terminal PSP's wallet: its settings read with the PSP's schema, then the terminal rules resolved from them. */
export function readTerminalWallet<T extends TerminalSettings>(
  schema: z.ZodType<T>,
  code: PspCode,
  wallet: WalletDraft,
  options: TerminalWalletOptions = {},
): { ok: true; settings: T; terminal: TerminalRules } | { ok: false; message: string } {
  const read = readWalletSettings(schema, code, wallet, options.checkCurrency);
  if (!read.ok) return read;
  const terminal = resolveTerminalRules(read.settings, options.defaults, options);
  return terminal.ok
    ? { ok: true, settings: read.settings, terminal: terminal.value }
    : misconfigured(terminal.message);
}

/** QIWI's documented maximum; longer is refused before any pattern runs. */
export function checkAccount(account: string | undefined, rules: TerminalRules): Checked<string> {
  if (account === undefined) return refusal('bad_request', 'account is missing');
  if (account.length > 200 || !rules.account.match(account))
    return refusal('bad_account', 'account does not match the account pattern');
  return { ok: true, value: account };
}

/** A zero or negative amount is never a top-up; `field` names the amount as the PSP calls it, in the message. */
export function checkLimits(
  minor: bigint,
  rules: Pick<TerminalRules, 'minAmountMinor' | 'maxAmountMinor'>,
  field = 'amount',
): Checked<bigint> {
  if (minor <= 0n || minor < rules.minAmountMinor) return refusal('amount_too_small', `${field} below minimum`);
  if (minor > rules.maxAmountMinor) return refusal('amount_too_large', `${field} above maximum`);
  return { ok: true, value: minor };
}

/** Whole minor units as plain digits, read like a decimal amount: a leading '-' is negative, anything else no amount. */
export function parseMinorUnits(text: string): ParsedAmount {
  if (/^-\d+$/.test(text)) return { ok: false, reason: 'negative' };
  return /^\d{1,18}$/.test(text) ? { ok: true, minor: BigInt(text) } : { ok: false, reason: 'format' };
}

export interface AmountOptions {
  /** The amount as the PSP calls it, in the messages; `amount` unless set. */
  readonly field?: string;
  /** The message when the text is no amount at all. */
  readonly badAmount: string;
  /** A zero passes as such (some terminals send sum=0 at CHECK); a zero payment never does. */
  readonly zeroAllowed?: boolean;
}

/** A parsed amount held to the wallet's bounds: a negative one is too small, an unreadable one a bad amount. */
export function checkAmount(
  parsed: ParsedAmount,
  rules: Pick<TerminalRules, 'minAmountMinor' | 'maxAmountMinor'>,
  options: AmountOptions,
): Checked<bigint> {
  const field = options.field ?? 'amount';
  if (!parsed.ok)
    return parsed.reason === 'negative'
      ? refusal('amount_too_small', `${field} is negative`)
      : refusal('bad_amount', options.badAmount);
  if (options.zeroAllowed && parsed.minor === 0n) return { ok: true, value: 0n };
  return checkLimits(parsed.minor, rules, field);
}
