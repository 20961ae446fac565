/**
 * Money is integer minor units (bigint) plus an ISO 4217 currency. PSPs send decimal strings; they are parsed
 * exactly, never through a float.
 */
const EXPONENTS: Record<string, number> = {
  RUB: 2,
  UAH: 2,
  KZT: 2,
  UZS: 2,
  GEL: 2,
  AMD: 2,
  KGS: 2,
  MDL: 2,
  NGN: 2,
  GHS: 2,
  KES: 2,
  ZAR: 2,
  USD: 2,
  EUR: 2,
};

// Own keys only: `toString` or `constructor` from a wallet's settings or a PSP's answer is no currency.
const exponentOf = (currency: string): number | undefined =>
  Object.hasOwn(EXPONENTS, currency) ? EXPONENTS[currency] : undefined;

export function currencyExponent(currency: string): number {
  const e = exponentOf(currency);
  if (e === undefined) throw new RangeError(`unsupported currency ${currency}`);
  return e;
}

export function isSupportedCurrency(currency: string): boolean {
  return exponentOf(currency) !== undefined;
}

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; reason: 'format' | 'precision' | 'negative' };

/** "10.45" → 1045n for a 2-digit currency. Rejects signs other than a leading '-', exponents, spaces, extra digits. */
export function parseDecimalAmount(text: string, currency: string): ParsedAmount {
  const exponent = currencyExponent(currency);
  const m = /^(-)?(\d{1,15})(?:[.](\d+))?$/.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const [, sign, whole, fraction = ''] = m;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) return { ok: false, reason: 'precision' };
  const minor = BigInt(whole!) * 10n ** BigInt(exponent) + BigInt(significant.padEnd(exponent, '0') || '0');
  if (sign && minor !== 0n) return { ok: false, reason: 'negative' };
  return { ok: true, minor };
}

/** 1045n → "10.45" for a 2-digit currency. */
export function formatMinor(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent ? `.${fraction}` : ''}`;
}
