import type { NextFunction, Request, Response } from 'express';
import { errors, jwtVerify } from 'jose';

export type Role = 'dispatcher' | 'driver' | 'ops';

export interface Caller {
  subject: string;
  role: Role;
  parks: string[];
  driverId?: string;
}

export interface AuthOptions {
  secret: string;
  issuer: string;
  audience: string;
}

const ROLES: readonly Role[] = ['dispatcher', 'driver', 'ops'];

/** Bearer JWT (HS256) naming the caller's parks and role; anything else is a 401 with a JSON reason. */
export function authenticate({ secret, issuer, audience }: AuthOptions) {
  const key = new TextEncoder().encode(secret);
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header)?.[1];
    if (!token) return void res.status(401).json({ error: 'unauthorized', message: 'bearer token required' });
    try {
      const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: ['HS256'] });
      const role = payload.role as Role;
      const parks = payload.parks;
      if (!ROLES.includes(role) || !Array.isArray(parks) || !parks.every((p) => typeof p === 'string')) {
        return void res.status(401).json({ error: 'unauthorized', message: 'token lacks role or parks' });
      }
      res.locals.caller = { subject: payload.sub ?? '', role, parks, driverId: payload.driver_id as string | undefined } satisfies Caller;
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
  if (!caller.parks.includes(parkId)) return void res.status(403).json({ error: 'forbidden', message: 'not a park of this caller' });
  next();
}

/** The park's own routes (wallets, links, all transactions): dispatchers and ops, never drivers. */
export function refuseDrivers(_req: Request, res: Response, next: NextFunction) {
  if ((res.locals.caller as Caller).role === 'driver') return void res.status(403).json({ error: 'forbidden', message: 'dispatcher access required' });
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
    if ((res.locals.caller as Caller).role !== role) return void res.status(403).json({ error: 'forbidden', message: `${role} access required` });
    next();
  };
}
