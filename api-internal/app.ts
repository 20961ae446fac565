import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { metricsHandler } from '../system/metrics';
import { attentionOperations, type AttentionRoutesDeps } from './attention-routes';
import { authenticate, type AuthOptions } from './auth';
import { notificationOperations, type NotificationRoutesDeps } from './notification-routes';
import { invoiceOperations, type InvoiceRoutesDeps } from './invoice-routes';
import { legacyRouter, type LegacyRoutesDeps } from './legacy-routes';
import { migrationOperations, type MigrationRoutesDeps } from './migration-routes';
import { metricsOperations, type MetricsRoutesDeps } from './metrics-routes';
import { mountOperations, openApiDocument, type Operation } from './operations';
import { opsOperations, type OpsRoutesDeps } from './ops-routes';
import { transactionOperations, type TransactionRoutesDeps } from './transactions-routes';
import { walletOperations, type WalletRoutesDeps } from './wallets-routes';

export type InternalAppDeps = WalletRoutesDeps &
  TransactionRoutesDeps &
  OpsRoutesDeps &
  NotificationRoutesDeps &
  InvoiceRoutesDeps &
  MigrationRoutesDeps &
  LegacyRoutesDeps &
  AttentionRoutesDeps &
  MetricsRoutesDeps & { auth: AuthOptions; log: Logger; metrics?: Registry };

export const API_INFO = {
  title: 'fleet-payment-systems api-internal',
  version: '1',
  description:
    'Dispatcher and Pro API: wallets, callback links, transactions. Bearer JWT (issuer, audience, expiry checked) naming the ' +
    "caller's parks and role (dispatcher, driver with driver_id, ops). Refusals: 401, 403, 404, 400 with `field`.",
};

export function internalOperations(deps: InternalAppDeps): Operation[] {
  return [
    ...walletOperations(deps),
    ...transactionOperations(deps),
    ...opsOperations(deps),
    ...notificationOperations(deps),
    ...invoiceOperations(deps),
    ...migrationOperations(deps),
    ...attentionOperations(deps),
    ...metricsOperations(deps),
  ];
}

/** Dispatcher console and Pro API: park-scoped, bearer-authenticated JSON, described by its own OpenAPI document. */
export function createInternalApp(deps: InternalAppDeps) {
  const app = express();
  app.disable('x-powered-by');
  const operations = internalOperations(deps);
  const document = openApiDocument(operations, API_INFO);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  if (deps.metrics) app.get('/metrics', metricsHandler(deps.metrics));
  // Answers may hold a link secret (issue, regenerate) or park data: no cache on the way may keep them.
  app.use('/v1', (_req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    next();
  });
  // The legacy system's own route: its service token, its audience, outside the dispatcher API and its document.
  app.use('/legacy/v1', legacyRouter(deps));
  app.use('/v1', authenticate(deps.auth), express.json({ limit: '64kb' }));
  mountOperations(app, operations);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'no such route' });
  });
  app.use((err: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.status && err.status < 500) {
      return void res
        .status(err.status)
        .json({ error: 'invalid_request', field: 'body', message: err.type ?? 'bad request' });
    }
    deps.log.error({ err }, 'internal API failure');
    res.status(500).json({ error: 'internal', message: 'internal error' });
  });
  return app;
}
