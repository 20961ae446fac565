import { sign, verify, type KeyObject } from 'node:crypto';

const HEX = /^(?:[0-9A-Fa-f]{2}){1,1024}$/;

/**
 * EasySoft signs the request with `<Sign></Sign>` empty: the receiver removes the Sign value from the raw XML
 * (php_EasyPay: str_replace over the whole body) and verifies RSA-SHA1 over what is left, byte for byte.
 */
export function verifyRequestSign(rawBody: Buffer, signHex: string, easypayKey: KeyObject): boolean {
  if (!HEX.test(signHex)) return false;
  // latin1 maps bytes 1:1, so removing the ASCII hex leaves every other byte as received.
  const signed = Buffer.from(rawBody.toString('latin1').split(signHex).join(''), 'latin1');
  try {
    return verify('sha1', signed, easypayKey, Buffer.from(signHex, 'hex'));
  } catch {
    return false;
  }
}

/** Our answer is signed as serialised without its Sign element; the uppercase hex then goes into `<Sign>`. */
export function signResponse(unsignedXml: string, ourKey: KeyObject): string | undefined {
  try {
    return sign('sha1', Buffer.from(unsignedXml, 'utf8'), ourKey).toString('hex').toUpperCase();
  } catch {
    return undefined;
  }
}
