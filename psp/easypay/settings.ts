import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { PspRequest, WalletContext } from '../types';
import { readUaKeys } from './ua/keys';

export type Product = 'ua' | 'am';

interface CommonRules {
  readonly account: RegExp;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
  /** Driver names are personal data: shown to the payer at CHECK only when the park opts in. */
  readonly exposeDriverName: boolean;
}
export interface UaRules extends CommonRules {
  readonly product: 'ua';
  readonly serviceId: string;
  readonly timeZone: string;
  /** Both keys are set whenever `useSign` is on (the default). */
  readonly keys?: { readonly easypay: KeyObject; readonly ours: KeyObject };
}
export interface AmRules extends CommonRules {
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
const DEFAULT_ACCOUNT_PATTERN = '[A-Za-z0-9_-]{1,64}';

const minorUnits = z.string().regex(/^\d{1,18}$/).transform((digits) => BigInt(digits));
const numericId = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((id) => BigInt(id).toString());
const common = {
  accountPattern: z.string().min(1).max(500).nullish(),
  minAmountMinor: minorUnits.nullish(),
  maxAmountMinor: minorUnits.nullish(),
  exposeDriverName: z.boolean().nullish(),
};
// Not strict: the same settings also hold the gateway's keys (ipAllowList, ...).
const settingsSchema = z.discriminatedUnion('product', [
  z.object({ product: z.literal('ua'), serviceId: numericId, useSign: z.boolean().nullish(), timeZone: z.string().max(64).nullish(), ...common }),
  z.object({
    product: z.literal('am'),
    merchantServiceIdentifierId: numericId.nullish(),
    accountInputType: z.number().int().min(1).max(999).nullish(),
    ...common,
  }),
]);

export function resolveRules(wallet: WalletContext): RulesResult {
  if (wallet.psp !== 'easypay') return misconfigured(`wallet is for ${wallet.psp}, not easypay`);
  const parsed = settingsSchema.safeParse(wallet.settings);
  if (!parsed.success) return misconfigured(z.prettifyError(parsed.error));
  const s = parsed.data;
  if (wallet.currency !== CURRENCY[s.product]) return misconfigured(`product ${s.product} pays in ${CURRENCY[s.product]}`);
  const account = compileAccountPattern(s.accountPattern ?? DEFAULT_ACCOUNT_PATTERN);
  if (!account) return misconfigured('accountPattern is not a valid regular expression');
  const minAmountMinor = s.minAmountMinor ?? 1n;
  const maxAmountMinor = s.maxAmountMinor ?? MAX_AMOUNT_MINOR[s.product];
  if (minAmountMinor < 1n || minAmountMinor > maxAmountMinor) return misconfigured('need 1 <= minAmountMinor <= maxAmountMinor');
  const base = { account, minAmountMinor, maxAmountMinor, exposeDriverName: s.exposeDriverName ?? false };

  if (s.product === 'am') {
    const hmacKey = wallet.credentials.hmacKey;
    if (!hmacKey) return misconfigured('credentials.hmacKey is missing');
    const optional = { merchantServiceIdentifierId: s.merchantServiceIdentifierId ?? undefined, accountInputType: s.accountInputType ?? undefined };
    return { ok: true, rules: { product: 'am', ...base, hmacKey, ...optional } };
  }
  const timeZone = s.timeZone ?? 'Europe/Kyiv';
  if (!isTimeZone(timeZone)) return misconfigured('timeZone is not an IANA time zone');
  const rules: UaRules = { product: 'ua', ...base, serviceId: s.serviceId, timeZone };
  if (s.useSign === false) return { ok: true, rules };
  const keys = readUaKeys(wallet.credentials);
  return keys ? { ok: true, rules: { ...rules, keys } } : misconfigured('credentials.easypayPublicKey and providerPrivateKey must be PEM keys');
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

/** Always a whole-string match, whatever anchors the park wrote; 'u' for strict syntax. */
function compileAccountPattern(pattern: string): RegExp | undefined {
  try {
    new RegExp(pattern, 'u');
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

function misconfigured(detail: string): RulesResult {
  return { ok: false, message: `wallet settings invalid: ${detail}` };
}
