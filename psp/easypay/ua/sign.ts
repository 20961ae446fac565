import type { KeyObject } from 'node:crypto';
import { isValidRsaHex, signRsaHex } from '../../shared/rsa';

const HEX = /^(?:[0-9A-Fa-f]{2}){1,1024}$/;

/**
 * EasySoft signs the request with `<Sign></Sign>` empty: the receiver removes the Sign value from the raw XML
 * (php_EasyPay: str_replace over the whole body) and verifies RSA-SHA1 over what is left, byte for byte.
 */
export function verifyRequestSign(rawBody: Buffer, signHex: string, easypayKey: KeyObject): boolean {
  // Checked before the removal: only a hex signature is ever cut out of the body.
  if (!HEX.test(signHex)) return false;
  // latin1 maps bytes 1:1, so removing the ASCII hex leaves every other byte as received.
  const signed = Buffer.from(rawBody.toString('latin1').split(signHex).join(''), 'latin1');
  return isValidRsaHex('sha1', signed, signHex, easypayKey);
}

/** Our answer is signed as serialised without its Sign element; the uppercase hex then goes into `<Sign>`. */
export function signResponse(unsignedXml: string, ourKey: KeyObject): string | undefined {
  return signRsaHex('sha1', Buffer.from(unsignedXml, 'utf8'), ourKey);
}
