import { createHmac, timingSafeEqual } from 'node:crypto';

const AUTHORIZATION = /^HMAC ([A-Za-z0-9+/]{43}=)$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** HMAC-SHA256 over the UTF-8 text with the shared key, base64: the guide's worked example reproduces exactly. */
export function hmacBase64(key: string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64');
}

/** `Authorization: HMAC <base64>` checked in constant time against the expected digest. */
export function authorizationMatches(header: string | undefined, key: string, text: string): boolean {
  const given = AUTHORIZATION.exec(header ?? '')?.[1];
  if (!given) return false;
  return timingSafeEqual(Buffer.from(given, 'base64'), Buffer.from(hmacBase64(key, text), 'base64'));
}

/** The Nonce header when it is a UUID; anything else is neither signed over nor echoed. */
export function nonceOf(header: string | undefined): string | undefined {
  return header !== undefined && UUID.test(header) ? header : undefined;
}
