import { SignJWT } from 'jose';
import type { AuthOptions, Role } from './auth';

/** Signs a bearer token this API accepts; for local development and tests (production tokens come from the IdP). */
export function signToken(auth: AuthOptions, claims: { parks: string[]; role: Role; driverId?: string }, expiresIn = '1h'): Promise<string> {
  return new SignJWT({ parks: claims.parks, role: claims.role, ...(claims.driverId ? { driver_id: claims.driverId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`dev:${claims.role}`)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(auth.secret));
}
