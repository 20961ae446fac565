import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import {
  digitsOrSafeInteger,
  resolveTerminalRules,
  TERMINAL_DEFAULTS,
  terminalSettingsShape,
  type TerminalRules,
} from '../shared/terminal-rules';
import { currencyCheckedLater, misconfigured, readWalletSettings } from '../shared/wallet-settings';
import type { PspRequest, WalletContext, WalletDraft } from '../types';
import { readUaKeys } from './ua/keys';

export type Product = 'ua' | 'am';

export interface UaRules extends TerminalRules {
  readonly product: 'ua';
  readonly serviceId: string;
  readonly timeZone: string;
  /** Both keys are set whenever `useSign` is on (the default). */
  readonly keys?: { readonly easypay: KeyObject; readonly ours: KeyObject };
}
export interface AmRules extends TerminalRules {
  readonly product: 'am';
  readonly hmacKey: string;
  readonly merchantServiceIdentifierId?: string;
  readonly accountInputType?: number;
}
export type EasypayRules = UaRules | AmRules;
export type RulesResult = { ok: true; rules: EasypayRules } | { ok: false; message: string };

const CURRENCY: Readonly<Record<Product, string>> = { ua: 'UAH', am: 'AMD' };
// 100 000.00 UAH and 1 000 000.00 AMD: far above a driver's top-up, low enough to stop a typo'd amount.
const MAX_AMOUNT_MINOR: Readonly<Record<Product, bigint>> = { ua: 10_000_000n, am: 100_000_000n };

const numericId = digitsOrSafeInteger.transform((id) => BigInt(id).toString());
const settingsSchema = z.discriminatedUnion('product', [
  z.object({
    product: z.literal('ua'),
    serviceId: numericId,
    useSign: z.boolean().nullish(),
    timeZone: z.string().max(64).nullish(),
    ...terminalSettingsShape,
  }),
  z.object({
    product: z.literal('am'),
    merchantServiceIdentifierId: numericId.nullish(),
    accountInputType: z.number().int().min(1).max(999).nullish(),
    ...terminalSettingsShape,
  }),
]);

/** The rules the settings alone decide; the credentials complete them in `resolveRules`. */
type SettingsRules =
  { ok: true; rules: (UaRules & { useSign: boolean }) | Omit<AmRules, 'hmacKey'> } | { ok: false; message: string };

export function resolveSettingsRules(wallet: WalletDraft): SettingsRules {
  // The currency follows the product, so it is checked once the settings are read.
  const read = readWalletSettings(settingsSchema, 'easypay', wallet, currencyCheckedLater);
  if (!read.ok) return read;
  const s = read.settings;
  if (wallet.currency !== CURRENCY[s.product])
    return misconfigured(`product ${s.product} pays in ${CURRENCY[s.product]}`);
  const defaults = {
    accountPattern: TERMINAL_DEFAULTS.accountPattern,
    minAmountMinor: 1n,
    maxAmountMinor: MAX_AMOUNT_MINOR[s.product],
  };
  const terminal = resolveTerminalRules(s, defaults, { minAtLeastOne: true });
  if (!terminal.ok) return misconfigured(terminal.message);
  const base = terminal.value;

  if (s.product === 'am') {
    const optional = {
      merchantServiceIdentifierId: s.merchantServiceIdentifierId ?? undefined,
      accountInputType: s.accountInputType ?? undefined,
    };
    return { ok: true, rules: { product: 'am', ...base, ...optional } };
  }
  const timeZone = s.timeZone ?? 'Europe/Kyiv';
  if (!isTimeZone(timeZone)) return misconfigured('timeZone is not an IANA time zone');
  return {
    ok: true,
    rules: { product: 'ua', ...base, serviceId: s.serviceId, timeZone, useSign: s.useSign !== false },
  };
}

export function resolveRules(wallet: WalletContext): RulesResult {
  const resolved = resolveSettingsRules(wallet);
  if (!resolved.ok) return resolved;
  const { rules } = resolved;
  if (rules.product === 'am') {
    const hmacKey = wallet.credentials.hmacKey;
    return hmacKey ? { ok: true, rules: { ...rules, hmacKey } } : misconfigured('credentials.hmacKey is missing');
  }
  const { useSign, ...ua } = rules;
  if (!useSign) return { ok: true, rules: ua };
  const keys = readUaKeys(wallet.credentials);
  return keys
    ? { ok: true, rules: { ...ua, keys } }
    : misconfigured('credentials.easypayPublicKey and providerPrivateKey must be PEM keys');
}

/** The product whose envelope answers a call: the wallet's, else (unknown link, oversized body) a guess from the request. */
export function productOf(req: PspRequest, wallet?: WalletContext): Product {
  const configured = wallet?.settings.product;
  if (configured === 'ua' || configured === 'am') return configured;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json') || req.method.toUpperCase() === 'GET') return 'am';
  return type.includes('xml') || req.rawBody.subarray(0, 64).toString('utf8').trimStart().startsWith('<') ? 'ua' : 'am';
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
