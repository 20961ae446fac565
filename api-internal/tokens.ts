import { SignJWT } from 'jose';
import type { AuthOptions, Role } from './auth';

/** Signs a bearer token this API accepts; for local development and tests (production tokens come from the IdP). */
export async function signToken(
  auth: AuthOptions,
  claims: { parks: string[]; role: Role; driverId?: string },
  expiresIn = '1h',
): Promise<string> {
  if (!auth.secret)
    throw new Error(
      'dev tokens need INTERNAL_JWT_SECRET (HS256); with a JWKS only, tokens come from the identity provider',
    );
  return await new SignJWT({
    parks: claims.parks,
    role: claims.role,
    ...(claims.driverId ? { driver_id: claims.driverId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`dev:${claims.role}`)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(auth.secret));
}

/** Signs a service token (the legacy system's) for the given audience and scope; local development and tests. */
export async function signServiceToken(
  auth: AuthOptions,
  claims: { scope: string; parks?: string[] },
  expiresIn = '1h',
): Promise<string> {
  if (!auth.secret) throw new Error('dev service tokens need INTERNAL_JWT_SECRET (HS256)');
  return await new SignJWT({ scope: claims.scope, ...(claims.parks ? { parks: claims.parks } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('service:legacy')
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(auth.secret));
}
