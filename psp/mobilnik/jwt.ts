import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { refusal, type Checked } from '../shared/checked';

export const MOBILNIK_AUDIENCE = 'mobilnik.kg';
const COMPACT_JWS = /^([\w-]+)\.([\w-]+)\.([\w-]+)$/;

export interface JwtRules {
  secret: string;
  now: Date;
  clockToleranceSeconds: number;
  /** When set, `iss` must equal it. */
  issuer: string | undefined;
}

/**
 * The postback JWT (README): HS256, the seller secret, `aud` = mobilnik.kg, `exp` required and unexpired. Adapters are
 * synchronous and jose verifies only asynchronously, so jose decodes (strict base64url and JSON) and the MAC is
 * checked here, over the token's own bytes, in constant time against the canonical encoding (no malleable variants).
 */
export function verifyPostbackJwt(token: string, rules: JwtRules): Checked<JWTPayload> {
  const parts = COMPACT_JWS.exec(token);
  if (!parts) return refusal('bad_request', 'body is not a compact JWT');
  const [, header = '', payload = '', signature = ''] = parts;
  const protectedHeader = attempt(() => decodeProtectedHeader(token));
  const claims = attempt(() => decodeJwt(token));
  if (!protectedHeader || !claims) return refusal('bad_request', 'JWT header or claims are not JSON objects');
  if (protectedHeader.alg !== 'HS256') return refusal('unauthorized', 'JWT alg must be HS256');
  if (protectedHeader.crit !== undefined) return refusal('unauthorized', 'JWT crit headers are not supported');
  if (!rules.secret) return refusal('forbidden', 'wallet has no sellerSecret credential');

  const expected = Buffer.from(
    createHmac('sha256', rules.secret).update(`${header}.${payload}`, 'ascii').digest('base64url'),
  );
  const received = Buffer.from(signature, 'ascii');
  if (received.length !== expected.length || !timingSafeEqual(received, expected))
    return refusal('unauthorized', 'JWT signature invalid');
  return checkClaims(claims, rules);
}

function checkClaims(
  claims: JWTPayload,
  { now, clockToleranceSeconds: tolerance, issuer }: JwtRules,
): Checked<JWTPayload> {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(MOBILNIK_AUDIENCE)) return refusal('unauthorized', `JWT aud must be ${MOBILNIK_AUDIENCE}`);
  const seconds = now.getTime() / 1000;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp))
    return refusal('unauthorized', 'JWT exp is required');
  if (seconds > claims.exp + tolerance) return refusal('unauthorized', 'JWT expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || seconds < claims.nbf - tolerance)) {
    return refusal('unauthorized', 'JWT not yet valid');
  }
  if (claims.iat !== undefined && typeof claims.iat !== 'number')
    return refusal('unauthorized', 'JWT iat must be a number');
  if (issuer !== undefined && claims.iss !== issuer) return refusal('unauthorized', 'JWT iss is not this seller');
  return { ok: true, value: claims };
}

function attempt<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}
