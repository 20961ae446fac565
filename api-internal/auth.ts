import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

export type Role = 'dispatcher' | 'driver' | 'ops';

export interface Caller {
  subject: string;
  role: Role;
  parks: string[];
  driverId?: string;
}

export interface AuthOptions {
  /** HS256 shared secret (dev tokens, `npm run dev-token`); absent: HS256 tokens are refused. */
  secret?: string;
  /** The identity provider's JWKS: asymmetric tokens (RS/PS/ES/EdDSA) are checked against its keys by `kid`. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/** One key resolver for both sources: the token's `alg` picks the shared secret or the JWKS (fetched, cached by jose). */
function keyResolver({ secret, jwksUrl }: AuthOptions): { getKey: JWTVerifyGetKey; algorithms: string[] } {
  const hmac = secret ? new TextEncoder().encode(secret) : undefined;
  const jwks = jwksUrl
    ? createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 })
    : undefined;
  if (!hmac && !jwks) throw new Error('api-internal needs INTERNAL_JWT_SECRET or INTERNAL_JWT_JWKS_URL');
  return {
    algorithms: [...(hmac ? ['HS256'] : []), ...(jwks ? ASYMMETRIC : [])],
    getKey: async (header, token) => (header.alg === 'HS256' ? hmac! : jwks!(header, token)),
  };
}

const ROLES: readonly Role[] = ['dispatcher', 'driver', 'ops'];

/**
 * Bearer JWT naming the caller's parks and role, signed with the shared secret (HS256) or a key of the JWKS; issuer,
 * audience and expiry checked. Anything else is a 401 with a JSON reason.
 */
export function authenticate(options: AuthOptions) {
  const { issuer, audience } = options;
  const { getKey, algorithms } = keyResolver(options);
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header)?.[1];
    if (!token) return void res.status(401).json({ error: 'unauthorized', message: 'bearer token required' });
    try {
      const { payload } = await jwtVerify(token, getKey, { issuer, audience, algorithms, requiredClaims: ['exp'] });
      const role = payload.role as Role;
      const parks = payload.parks;
      if (!ROLES.includes(role) || !Array.isArray(parks) || !parks.every((p) => typeof p === 'string')) {
        return void res.status(401).json({ error: 'unauthorized', message: 'token lacks role or parks' });
      }
      res.locals.caller = {
        subject: payload.sub ?? '',
        role,
        parks,
        driverId: payload.driver_id as string | undefined,
      } satisfies Caller;
      next();
    } catch (err) {
      const message = err instanceof errors.JWTExpired ? 'token expired' : 'invalid token';
      res.status(401).json({ error: 'unauthorized', message });
    }
  };
}

/** Park-scoped routes: the park in the path must be one of the caller's. */
export function requirePark(req: Request, res: Response, next: NextFunction) {
  const caller = res.locals.caller as Caller;
  const parkId = String(req.params.parkId);
  if (!caller.parks.includes(parkId))
    return void res.status(403).json({ error: 'forbidden', message: 'not a park of this caller' });
  next();
}

/** The park's own routes (wallets, links, all transactions): dispatchers and ops, never drivers. */
export function refuseDrivers(_req: Request, res: Response, next: NextFunction) {
  if ((res.locals.caller as Caller).role === 'driver')
    return void res.status(403).json({ error: 'forbidden', message: 'dispatcher access required' });
  next();
}

/** A driver's own routes (`/drivers/{driverId}/…`): that driver (its `driver_id` claim), or the park's dispatchers and ops. */
export function requireDriverSelf(req: Request, res: Response, next: NextFunction) {
  const caller = res.locals.caller as Caller;
  if (caller.role === 'driver' && caller.driverId !== String(req.params.driverId)) {
    return void res.status(403).json({ error: 'forbidden', message: "only the driver's own data" });
  }
  next();
}

/** Routes of one role only (ops maintenance); anyone else authenticated gets a 403. */
export function requireRole(role: Role) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if ((res.locals.caller as Caller).role !== role)
      return void res.status(403).json({ error: 'forbidden', message: `${role} access required` });
    next();
  };
}

/**
 * Service-to-service tokens (the legacy system): same keys and issuer, their own audience, a `scope` (space-separated)
 * that must name `scope`. An optional `parks` claim limits the token to those parks; without it, every park.
 */
export function authenticateService(options: AuthOptions, scope: string) {
  const { issuer, audience } = options;
  const { getKey, algorithms } = keyResolver(options);
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return void res.status(401).json({ error: 'unauthorized', message: 'bearer token required' });
    try {
      const { payload } = await jwtVerify(token, getKey, { issuer, audience, algorithms, requiredClaims: ['exp'] });
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes(scope))
        return void res.status(403).json({ error: 'forbidden', message: `scope ${scope} required` });
      const parks = payload.parks;
      res.locals.serviceParks = Array.isArray(parks) ? parks.map(String) : null;
      next();
    } catch (err) {
      const message = err instanceof errors.JWTExpired ? 'token expired' : 'invalid token';
      res.status(401).json({ error: 'unauthorized', message });
    }
  };
}
