import type { PspRequest, VerifyResult, WalletContext } from '../types';
import { resolveElecsnetRules } from './settings';
import { isValidSignature, rsaPublicKey, splitSigned } from './signature';

/** Elecsnet signs every request with its RSA key; the wallet holds the public half as the `pspPublicKey` credential. */
export function verifyElecsnet(req: PspRequest, wallet: WalletContext): VerifyResult {
  const resolved = resolveElecsnetRules(wallet);
  if (!resolved.ok) return { ok: false, reason: 'forbidden', message: resolved.message };
  const publicKey = rsaPublicKey(wallet.credentials.pspPublicKey);
  if (!publicKey) return { ok: false, reason: 'unauthorized', message: 'wallet has no usable Elecsnet RSA public key' };
  const signed = splitSigned(req.rawBody);
  if (!signed) return { ok: false, reason: 'unauthorized', message: 'request is not signed' };
  return isValidSignature(signed.payload, signed.signatureHex, publicKey)
    ? { ok: true }
    : { ok: false, reason: 'unauthorized', message: 'bad request signature' };
}
