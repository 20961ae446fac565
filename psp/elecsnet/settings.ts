import { z } from 'zod';
import type { WalletDraft } from '../types';
import { readTerminalWallet, terminalSettingsShape, type TerminalRules } from '../shared/terminal-rules';

export interface ElecsnetRules extends TerminalRules {
  readonly currency: string;
  /** `amount` is an integer; the implementation converts kopecks to rubles, so minor units are inferred. */
  readonly amountUnit: 'minor' | 'major';
  /** A repeated `auth_code` with the same data: 01 "already registered" (the implementation's code) or 00. */
  readonly duplicateAnsCode: '01' | '00';
}

const schema = z.object({
  ...terminalSettingsShape,
  amountUnit: z.enum(['minor', 'major']).nullish(),
  duplicateAnsCode: z.enum(['01', '00']).nullish(),
});

export function resolveElecsnetRules(
  wallet: WalletDraft,
): { ok: true; rules: ElecsnetRules } | { ok: false; message: string } {
  const read = readTerminalWallet(schema, 'elecsnet', wallet);
  if (!read.ok) return read;
  const { settings, terminal } = read;
  return {
    ok: true,
    rules: {
      ...terminal,
      currency: wallet.currency,
      amountUnit: settings.amountUnit ?? 'minor',
      duplicateAnsCode: settings.duplicateAnsCode ?? '01',
    },
  };
}

/** ISO 4217 numeric codes Elecsnet may send in `currency`; 810 is the pre-1998 rouble code Russian systems still use. */
const NUMERIC_CURRENCY: Readonly<Record<string, readonly number[]>> = {
  RUB: [643, 810],
  UAH: [980],
  KZT: [398],
  UZS: [860],
  GEL: [981],
  AMD: [51],
  KGS: [417],
  MDL: [498],
  NGN: [566],
  GHS: [936],
  KES: [404],
  ZAR: [710],
  USD: [840],
  EUR: [978],
};

export const numericCurrencyOf = (currency: string): number | undefined => NUMERIC_CURRENCY[currency]?.[0];

export function isWalletCurrency(numeric: string, currency: string): boolean {
  return /^\d{1,4}$/.test(numeric) && (NUMERIC_CURRENCY[currency] ?? []).includes(Number(numeric));
}
