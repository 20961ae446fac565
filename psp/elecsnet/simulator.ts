import { isSupportedCurrency, parseDecimalAmount } from '../../domain/money';
import type { PspSimulator, SimArgs, SimKeys, SimRequest } from '../simulator';
import { assertOperation } from '../simulator';
import { readElecsnetForm } from './form';
import { numericCurrencyOf } from './settings';
import { isValidSignature, rsaPrivateKey, rsaPublicKey, signHex, splitSigned } from './signature';

const OPERATIONS = ['check', 'pay'] as const;

/**
 * Elecsnet's side (README: Rules): a form POST signed with `pspPrivateKey` (PEM); answers checked with `ourPublicKey`.
 * The amount goes in kopecks (the wallet's default unit); `extra` adds or overrides fields (e.g. `amount`, `currency`).
 */
export const elecsnetSimulator: PspSimulator = {
  code: 'elecsnet',
  operations: OPERATIONS,
  build(operation, args, keys): SimRequest {
    assertOperation('elecsnet', operation, OPERATIONS);
    const payload = form(operation, args);
    const key = rsaPrivateKey(keys.pspPrivateKey);
    const signature = key ? signHex(Buffer.from(payload, 'latin1'), key) : undefined;
    return {
      method: 'POST',
      suffix: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${payload}&signature=${signature ?? ''}`,
    };
  },
  read(_operation, answer, keys: SimKeys) {
    const raw = Buffer.from(answer.body, 'utf8');
    const signed = splitSigned(raw);
    const values = readElecsnetForm(signed?.payload ?? raw).values;
    const publicKey = rsaPublicKey(keys.ourPublicKey);
    const signatureValid =
      signed && publicKey ? isValidSignature(signed.payload, signed.signatureHex, publicKey) : false;
    const code = values.get('ans_code') ?? `http ${answer.status}`;
    return { ok: code === '00' || code === '01', code, signatureValid, parsed: Object.fromEntries(values) };
  },
};

function form(type: 'check' | 'pay', a: SimArgs): string {
  const fields: Record<string, string> = { type: type === 'check' ? '1' : '2', reqid: a.account };
  if (type === 'pay') {
    const currency = a.currency && isSupportedCurrency(a.currency) ? a.currency : 'RUB';
    const amount = parseDecimalAmount(a.amount, currency);
    fields.auth_code = a.txnId;
    fields.amount = amount.ok ? amount.minor.toString() : a.amount;
    fields.currency = String(numericCurrencyOf(currency) ?? '');
    fields.date = elecsnetDate(a.date ?? new Date());
  }
  Object.assign(fields, a.extra);
  // Unescaped, as the implementation reads it: the signature covers these exact bytes.
  return Object.entries(fields)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The format is not public; this one is a plausible stand-in that the adapter does not read. */
function elecsnetDate(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}
