import type { JWTPayload } from 'jose';
import { refusal, type Checked } from '../shared/checked';
import { readHs256 } from '../shared/hs256';

export const MOBILNIK_AUDIENCE = 'mobilnik.kg';

export interface JwtRules {
  secret: string;
  now: Date;
  clockToleranceSeconds: number;
  /** When set, `iss` must equal it. */
  issuer: string | undefined;
}

/** The postback JWT (README): HS256, the seller secret, `aud` = mobilnik.kg, `exp` required and unexpired. */
export function verifyPostbackJwt(token: string, rules: JwtRules): Checked<JWTPayload> {
  const read = readHs256(token);
  if (!read.ok) return read;
  if (!rules.secret) return refusal('forbidden', 'wallet has no sellerSecret credential');
  if (!read.value.signedWith(rules.secret)) return refusal('unauthorized', 'JWT signature invalid');
  return checkClaims(read.value.claims, rules);
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
