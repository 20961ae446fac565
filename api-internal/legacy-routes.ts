import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { WalletMigration } from '../application/wallet-migration';
import { authenticateService, type AuthOptions } from './auth';

export interface LegacyRoutesDeps {
  walletMigration: WalletMigration;
  /** Same keys and issuer as the bearer tokens, the legacy audience (`LEGACY_WALLETS_AUDIENCE`). */
  legacyAuth: AuthOptions;
}

export const LEGACY_SCOPE = 'legacy-wallets:read';

/**
 * Step 2 of the migration: the legacy system reads a park's wallets through this route instead of from Redis. A
 * service token of its own audience, never a dispatcher's; the answer is the legacy shape (docs/legacy-wallets.md),
 * credentials sealed as they are in Redis.
 */
export function legacyRouter({ walletMigration, legacyAuth }: LegacyRoutesDeps) {
  const router = Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    next();
  });
  // Built at the first request: the app is also built only to serve its OpenAPI document, with no keys at hand.
  let authenticate: RequestHandler | undefined;
  router.use((req, res, next) => (authenticate ??= authenticateService(legacyAuth, LEGACY_SCOPE))(req, res, next));
  router.get('/parks/:parkId/wallets', async (req: Request, res: Response) => {
    const parkId = String(req.params.parkId);
    if (!/^[\w.:-]{1,128}$/.test(parkId))
      return void res.status(400).json({ error: 'invalid_request', field: 'parkId', message: 'not a park id' });
    const parks = res.locals.serviceParks as string[] | null;
    if (parks && !parks.includes(parkId))
      return void res.status(403).json({ error: 'forbidden', message: 'not a park of this service token' });
    res.json(await walletMigration.legacyWallets(parkId));
  });
  return router;
}
