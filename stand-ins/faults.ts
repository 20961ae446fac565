import { once } from 'node:events';
import { createServer } from 'node:http';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';

/**
 * What the three stand-ins share: the body cap, JSON errors instead of stack traces, and the `/_control` surface.
 * A fault sits in front of the contract routes only, so a test can always reach `/_control` to clear it.
 */

export const driverStatuses = ['working', 'not_working', 'fired'] as const;
export type DriverStatus = (typeof driverStatuses)[number];

/** A driver as a test seeds it; `blocked` and `currency` only matter to billing. */
export interface DriverSeed {
  parkId: string;
  id: string;
  displayName: string;
  status?: DriverStatus;
  blocked?: boolean;
  /** The balance's currency; without it the first credit fixes it. */
  currency?: string;
}

export const amountMinor = z.string().regex(/^[1-9]\d{0,29}$/, 'a positive integer in minor units, as a string');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');

export const driverKey = (parkId: string, driverId: string): string => JSON.stringify([parkId, driverId]);

/** Thrown by a handler; rendered as `{ code, message }` with its status. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new HttpRefusal(400, 'invalid_request', issues.join('; '));
}

/** Field-by-field equality of two flat requests: the idempotency check. */
export function sameRequest<T extends object>(a: T, b: T): boolean {
  return (Object.keys(a) as Array<keyof T>).every((k) => a[k] === b[k]);
}

export interface StandInService {
  routes: Router;
  /** Sees every contract request before any fault, so counts include the ones a fault answered. */
  observe?(req: Request): void;
  state(): object;
  /** Back to the start-up state: drivers seeded at start stay, everything else goes. */
  reset(): void;
  seedDrivers?(drivers: DriverSeed[]): void;
  /** Extra `/_control` routes of one stand-in (e.g. seeding a PSP's transactions); never behind a fault. */
  control?: Router;
}

export interface StandIn {
  url: string;
  close(): Promise<void>;
}

const faultSchema = z
  .strictObject({
    status: z.number().int().min(400).max(599).optional(),
    delay_ms: z.number().int().min(0).max(600_000).optional(),
    hang: z.boolean().optional(),
    times: z.number().int().positive().optional(),
    paths: z.array(z.string().startsWith('/')).min(1).optional(),
  })
  .refine((f) => f.status !== undefined || f.delay_ms !== undefined || f.hang === true, 'set status, delay_ms or hang');
type Fault = z.infer<typeof faultSchema>;

const driverSeedSchema = z.strictObject({
  park_id: z.string().min(1),
  id: z.string().min(1),
  display_name: z.string(),
  status: z.enum(driverStatuses).default('working'),
  blocked: z.boolean().default(false),
  currency: currency.optional(),
});
const seedBody = z.union([driverSeedSchema, z.array(driverSeedSchema)]);

const underPath = (prefix: string, path: string): boolean =>
  path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

function createFaults() {
  let fault: Fault | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const take = (path: string): Fault | undefined => {
    const current = fault;
    if (!current || (current.paths && !current.paths.some((p) => underPath(p, path)))) return undefined;
    if (current.times !== undefined && --current.times === 0) fault = undefined;
    return current;
  };

  const inject: RequestHandler = (req, res, next) => {
    const taken = take(req.path);
    if (!taken) return next();
    // A hang never answers: the caller's timeout is what is under test.
    if (taken.hang) return;
    // Without a status a delayed request goes on to the handler, even if the caller gave up: "applied, answer lost".
    const answer = () => {
      if (taken.status === undefined) next();
      else res.status(taken.status).json({ code: 'injected_fault', message: `stand-in fault: ${taken.status}` });
    };
    if (!taken.delay_ms) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, taken.delay_ms);
    timers.add(timer);
  };

  return {
    inject,
    current: () => fault ?? null,
    set: (next: Fault | undefined) => {
      fault = next;
    },
    dispose: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function controlRoutes(service: StandInService, faults: ReturnType<typeof createFaults>): Router {
  const routes = express.Router();
  routes.put('/faults', (req, res) => {
    faults.set(parse(faultSchema, req.body));
    res.status(204).end();
  });
  routes.delete('/faults', (_req, res) => {
    faults.set(undefined);
    res.status(204).end();
  });
  routes.get('/state', (_req, res) => {
    res.json({ ...service.state(), fault: faults.current() });
  });
  routes.post('/reset', (_req, res) => {
    faults.set(undefined);
    service.reset();
    res.status(204).end();
  });
  if (service.control) routes.use(service.control);
  const seed = service.seedDrivers?.bind(service);
  if (seed) {
    routes.post('/drivers', (req, res) => {
      const body = parse(seedBody, req.body);
      seed(
        (Array.isArray(body) ? body : [body]).map((d) => ({
          parkId: d.park_id,
          id: d.id,
          displayName: d.display_name,
          status: d.status,
          blocked: d.blocked,
          currency: d.currency,
        })),
      );
      res.status(204).end();
    });
  }
  return routes;
}

const renderErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err instanceof HttpRefusal) {
    res.status(err.status).json({ code: err.code, message: err.message });
    return;
  }
  // body-parser marks its errors with a type and a 4xx status.
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') res.status(413).json({ code: 'payload_too_large', message: 'body over 64 KiB' });
  else if (type === 'entity.parse.failed')
    res.status(400).json({ code: 'malformed_json', message: 'body is not valid JSON' });
  else if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ code: 'bad_request', message: 'request could not be read' });
  } else res.status(500).json({ code: 'internal', message: 'stand-in failed' });
};

export async function serve(service: StandInService, port = 0, host = '127.0.0.1'): Promise<StandIn> {
  const faults = createFaults();
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  app.use('/_control', controlRoutes(service, faults));
  app.use((req, _res, next) => {
    service.observe?.(req);
    next();
  });
  app.use(faults.inject);
  app.use(service.routes);
  app.use((_req, res) => {
    res.status(404).json({ code: 'no_route', message: 'no such route' });
  });
  app.use(renderErrors);

  const server = createServer(app);
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in is not listening on TCP');
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${reachable}:${address.port}`,
    close: async () => {
      faults.dispose();
      const closed = new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      // Hung and keep-alive connections would otherwise hold close() open forever.
      server.closeAllConnections();
      await closed;
    },
  };
}
