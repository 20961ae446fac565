import { createHmac, timingSafeEqual } from 'node:crypto';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * An HS256 JWT as the SDK's `jsonwebtoken.verify` accepts it: signature over `header.payload`, `exp` and `nbf`
 * honoured when present. Synchronous (jose has no sync API) and total: junk is `false`, never a throw.
 */
export function isValidHs256Jwt(token: string, secret: string, nowSeconds: number): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return false;
  const [header = '', payload = '', signature = ''] = parts;
  // Compared as text against the canonical encoding: Node's lenient base64url decoding would admit variants.
  const expected = Buffer.from(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  // Checked after the signature: an attacker cannot choose `alg` without the secret anyway, but `none` never passes.
  const head = decodeJson(header);
  const claims = decodeJson(payload);
  if (head?.alg !== 'HS256' || head.crit !== undefined || !claims) return false;
  if (claims.exp !== undefined && !(typeof claims.exp === 'number' && nowSeconds < claims.exp)) return false;
  if (claims.nbf !== undefined && !(typeof claims.nbf === 'number' && nowSeconds >= claims.nbf)) return false;
  return true;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
