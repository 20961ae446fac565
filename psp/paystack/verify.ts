import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PspRequest, VerifyResult, WalletContext } from '../types';
import { resolveSettings } from './settings';

const SIGNATURE = /^[0-9a-f]{128}$/i;

/** Hex HMAC-SHA512 of the raw body keyed with the secret key: what Paystack puts in `x-paystack-signature`. */
export function paystackSignature(rawBody: Buffer | string, secretKey: string): string {
  return createHmac('sha512', secretKey).update(rawBody).digest('hex');
}

/** Documented (README: Rules): the signature is over the bytes received, never a re-serialisation. */
export function verifyPaystack(req: PspRequest, wallet: WalletContext): VerifyResult {
  const settings = resolveSettings(wallet);
  if (!settings.ok) return { ok: false, reason: 'forbidden', message: settings.message };
  const secretKey = wallet.credentials.secretKey;
  if (!secretKey) return { ok: false, reason: 'forbidden', message: 'wallet has no Paystack secretKey' };
  const sent = req.headers['x-paystack-signature']?.trim() ?? '';
  if (!SIGNATURE.test(sent))
    return { ok: false, reason: 'unauthorized', message: 'x-paystack-signature missing or malformed' };
  const expected = Buffer.from(paystackSignature(req.rawBody, secretKey), 'hex');
  return timingSafeEqual(expected, Buffer.from(sent, 'hex'))
    ? { ok: true }
    : { ok: false, reason: 'unauthorized', message: 'x-paystack-signature does not match' };
}
