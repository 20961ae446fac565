import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { authenticate, refuseDrivers, requireDriverSelf, requirePark, requireRole, type AuthOptions } from './auth';
import { opsRoutes, type OpsRoutesDeps } from './ops-routes';
import { transactionRoutes, type TransactionRoutesDeps } from './transactions-routes';
import { walletRoutes, type WalletRoutesDeps } from './wallets-routes';

export type InternalAppDeps = WalletRoutesDeps & TransactionRoutesDeps & OpsRoutesDeps & { auth: AuthOptions; log: Logger };

/** Dispatcher console and Pro API: park-scoped, bearer-authenticated JSON. */
export function createInternalApp(deps: InternalAppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/v1', authenticate(deps.auth), express.json({ limit: '64kb' }));
  app.use('/v1/ops', requireRole('ops'), opsRoutes(deps));
  app.use('/v1/parks/:parkId', requirePark);
  app.use('/v1/parks/:parkId/drivers/:driverId', requireDriverSelf, transactionRoutes(deps, 'driver'));
  app.use('/v1/parks/:parkId', refuseDrivers);
  app.use('/v1/parks/:parkId/wallets', walletRoutes(deps));
  app.use('/v1/parks/:parkId', transactionRoutes(deps));
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'no such route' });
  });
  app.use((err: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.status && err.status < 500) return void res.status(err.status).json({ error: 'invalid_request', message: err.type ?? 'bad request' });
    deps.log.error({ err }, 'internal API failure');
    res.status(500).json({ error: 'internal', message: 'internal error' });
  });
  return app;
}
