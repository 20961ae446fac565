import type { KeyObject } from 'node:crypto';
import { isValidRsaHex, signRsaHex } from '../shared/rsa';

export { rsaPrivateKey, rsaPublicKey } from '../shared/rsa';

const MARKER = Buffer.from('&signature=');

/** The request as signed: everything before the first `&signature=` is the payload, the rest the hex signature. */
export function splitSigned(raw: Buffer): { payload: Buffer; signatureHex: string } | undefined {
  const at = raw.indexOf(MARKER);
  if (at < 0) return undefined;
  // The implementation's parser drops one trailing line break; the signature check must not fail on it either.
  const signatureHex = raw
    .subarray(at + MARKER.length)
    .toString('latin1')
    .replace(/\r?\n$/, '');
  return { payload: raw.subarray(0, at), signatureHex };
}

/** MD5withRSA (RSASSA-PKCS1-v1_5 over MD5), as Java's `Signature.getInstance("MD5withRSA")`; 32 bytes at least. */
export function isValidSignature(payload: Buffer, signatureHex: string, publicKey: KeyObject): boolean {
  return isValidRsaHex('md5', payload, signatureHex, publicKey, 32);
}

/** Upper-case hex, as the implementation's byteArray2Hex writes it. */
export function signHex(payload: Buffer, privateKey: KeyObject): string | undefined {
  return signRsaHex('md5', payload, privateKey);
}
