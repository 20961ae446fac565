import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const MARKER = Buffer.from('&signature=');
const HEX = /^(?:[0-9A-Fa-f]{2}){32,1024}$/;

/** The request as signed: everything before the first `&signature=` is the payload, the rest the hex signature. */
export function splitSigned(raw: Buffer): { payload: Buffer; signatureHex: string } | undefined {
  const at = raw.indexOf(MARKER);
  if (at < 0) return undefined;
  // The implementation's parser drops one trailing line break; the signature check must not fail on it either.
  const signatureHex = raw.subarray(at + MARKER.length).toString('latin1').replace(/\r?\n$/, '');
  return { payload: raw.subarray(0, at), signatureHex };
}

/** MD5withRSA (RSASSA-PKCS1-v1_5 over MD5), as Java's `Signature.getInstance("MD5withRSA")`. */
export function isValidSignature(payload: Buffer, signatureHex: string, publicKey: KeyObject): boolean {
  if (!HEX.test(signatureHex)) return false;
  try {
    return verify('md5', payload, publicKey, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** Upper-case hex, as the implementation's byteArray2Hex writes it. */
export function signHex(payload: Buffer, privateKey: KeyObject): string | undefined {
  try {
    return sign('md5', payload, privateKey).toString('hex').toUpperCase();
  } catch {
    return undefined;
  }
}

export function rsaPublicKey(pem: string | undefined): KeyObject | undefined {
  return rsaKey(pem, createPublicKey);
}

export function rsaPrivateKey(pem: string | undefined): KeyObject | undefined {
  return rsaKey(pem, createPrivateKey);
}

function rsaKey(pem: string | undefined, create: (pem: string) => KeyObject): KeyObject | undefined {
  if (!pem) return undefined;
  try {
    const key = create(pem);
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}
