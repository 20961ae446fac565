import { readHs256 } from '../shared/hs256';

/**
 * An HS256 JWT as the SDK's `jsonwebtoken.verify` accepts it: signature over `header.payload`, `exp` and `nbf`
 * honoured when present. Total: junk is `false`, never a throw.
 */
export function isValidHs256Jwt(token: string, secret: string, nowSeconds: number): boolean {
  const read = readHs256(token);
  if (!read.ok || !read.value.signedWith(secret)) return false;
  const { exp, nbf } = read.value.claims;
  if (exp !== undefined && !(typeof exp === 'number' && nowSeconds < exp)) return false;
  if (nbf !== undefined && !(typeof nbf === 'number' && nowSeconds >= nbf)) return false;
  return true;
}
