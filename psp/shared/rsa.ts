import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** RSASSA-PKCS1-v1_5 signatures in hex, as the PSPs that sign with RSA send and expect them; never a throw. */

const HEX_BYTES = /^(?:[0-9A-Fa-f]{2})+$/;
const MAX_BYTES = 1024;

/** Whether `signatureHex` (1024 bytes at most, `minBytes` at least) is the signature of `payload` under `publicKey`. */
export function isValidRsaHex(
  algorithm: string,
  payload: Buffer,
  signatureHex: string,
  publicKey: KeyObject,
  minBytes = 1,
): boolean {
  const bytes = signatureHex.length / 2;
  if (bytes < minBytes || bytes > MAX_BYTES || !HEX_BYTES.test(signatureHex)) return false;
  try {
    return verify(algorithm, payload, publicKey, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** The signature of `payload` as upper-case hex; undefined when the key cannot sign. */
export function signRsaHex(algorithm: string, payload: Buffer, privateKey: KeyObject): string | undefined {
  try {
    return sign(algorithm, payload, privateKey).toString('hex').toUpperCase();
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

/** A PEM that is not an RSA key (or not a key) is no key. */
function rsaKey(pem: string | undefined, create: (pem: string) => KeyObject): KeyObject | undefined {
  if (!pem) return undefined;
  try {
    const key = create(pem);
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}
