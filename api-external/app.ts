import express, { type Request, type Response } from 'express';
import { isPspCode } from '../domain/psp-codes';
import { getAdapter } from '../psp/registry';
import type { HttpAnswer, PspAdapter, PspRequest } from '../psp/types';
import { metricsHandler, type Metrics } from '../system/metrics';
import type { CallbackHandler } from './callback-handler';
import { labelPspCall, timePspCallbacks } from './metrics';
import { externalOpenApiDocument } from './openapi';

export interface ExternalAppOptions {
  handle: CallbackHandler;
  maxBodyBytes: number;
  trustedProxies: string[];
  /** Serves `/metrics` and times PSP calls; without it the app measures nothing. */
  metrics?: Pick<Metrics, 'registry' | 'pspCallbacks'>;
}

/** PSP-facing gateway: `/psp/{psp}/{link secret}`, raw body kept for signatures, every answer in the PSP's envelope. */
export function createExternalApp({ handle, maxBodyBytes, trustedProxies, metrics }: ExternalAppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('trust proxy', trustedProxies.length > 0 ? trustedProxies : false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (metrics) {
    app.get('/metrics', metricsHandler(metrics.registry));
    app.use('/psp', timePspCallbacks(metrics.pspCallbacks));
  }

  const document = externalOpenApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  const adapterOf = (req: Request): PspAdapter | undefined => {
    const psp = String(req.params.psp ?? '');
    return isPspCode(psp) ? getAdapter(psp) : undefined;
  };

  const rawBody = express.raw({ type: () => true, limit: maxBodyBytes });

  // Some PSPs append their own endpoint to the link (EasyPay AM: `{link}/api/payments`); the adapter reads req.url.
  app.all(['/psp/:psp/:token', '/psp/:psp/:token/*endpoint'], async (req, res) => {
    const adapter = adapterOf(req);
    if (!adapter) {
      labelPspCall(res, { psp: 'unknown', operation: 'unknown', result: 'unknown_psp' });
      return void res.status(404).type('text/plain').send('unknown payment system');
    }
    // Body over the cap or unreadable: the PSP's own error envelope, never a stack.
    const bodyError = await new Promise<{ type?: string } | undefined>((done) => rawBody(req, res, done));
    if (bodyError) {
      const reason = bodyError.type === 'entity.too.large' ? 'too_large' : 'bad_request';
      labelPspCall(res, { psp: adapter.code, operation: 'unknown', result: reason });
      return send(res, adapter.render({ kind: 'refused', reason, message: reason }, undefined, toPspRequest(req)));
    }
    const { answer, operation, result } = await handle(adapter, String(req.params.token), toPspRequest(req));
    labelPspCall(res, { psp: adapter.code, operation, result });
    send(res, answer);
  });

  return app;
}

function toPspRequest(req: Request): PspRequest {
  // The path holds the link secret: adapters get it masked, so nothing downstream can log it.
  const url = req.originalUrl.replace(/^(\/psp\/[^/?]+\/)[^/?]+/, '$1***');
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return {
    method: req.method,
    url,
    query: new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''),
    headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    clientIp: req.ip ?? req.socket.remoteAddress ?? '',
  };
}

function send(res: Response, answer: HttpAnswer): void {
  res.status(answer.status).set(answer.headers).send(answer.body);
}
