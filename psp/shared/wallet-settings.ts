import { z } from 'zod';
import { isSupportedCurrency } from '../../domain/money';
import type { PspCode } from '../../domain/psp-codes';
import type { WalletDraft } from '../types';

export type SettingsResult<T> = { ok: true; settings: T } | { ok: false; message: string };

/** What is wrong with the wallet's currency for this PSP, or undefined when it will do. */
export type CurrencyCheck = (currency: string) => string | undefined;

/** The default: any currency the platform supports. */
export const supportedCurrency: CurrencyCheck = (currency) =>
  isSupportedCurrency(currency) ? undefined : `unsupported currency ${currency}`;

/** A PSP that pays in one currency only. */
export const onlyCurrency =
  (expected: string, message: string): CurrencyCheck =>
  (currency) =>
    currency === expected ? undefined : message;

/** For a PSP whose currency depends on the settings themselves: it checks after reading them. */
export const currencyCheckedLater: CurrencyCheck = () => undefined;

/**
 * A wallet's settings read with the PSP's schema; anything unusable is a message for the refusal, never a throw.
 * Schemas are not strict at the top level: the same settings also hold the gateway's keys (ipAllowList, ...).
 */
export function readWalletSettings<T>(
  schema: z.ZodType<T>,
  code: PspCode,
  wallet: WalletDraft,
  checkCurrency: CurrencyCheck = supportedCurrency,
): SettingsResult<T> {
  if (wallet.psp !== code) return misconfigured(`wallet is for ${wallet.psp}, not ${code}`);
  const badCurrency = checkCurrency(wallet.currency);
  if (badCurrency !== undefined) return misconfigured(badCurrency);
  return parseWalletSettings(schema, wallet.settings);
}

/** The settings alone through the schema, for a PSP that takes any wallet routed to it in any currency. */
export function parseWalletSettings<T>(schema: z.ZodType<T>, settings: unknown): SettingsResult<T> {
  const parsed = schema.safeParse(settings);
  return parsed.success ? { ok: true, settings: parsed.data } : misconfigured(z.prettifyError(parsed.error));
}

export function misconfigured(detail: string): { ok: false; message: string } {
  return { ok: false, message: `wallet settings invalid: ${detail}` };
}

/** The message of a failed resolution, undefined for a good one. */
export function problemOf(result: { ok: true } | { ok: false; message: string }): string | undefined {
  return result.ok ? undefined : result.message;
}

/** `settingsProblem` for a PSP whose rules come from the settings alone. */
export function settingsProblemBy(resolve: (draft: WalletDraft) => { ok: true } | { ok: false; message: string }) {
  return (draft: WalletDraft): string | undefined => problemOf(resolve(draft));
}
