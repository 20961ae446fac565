import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig, type Config } from '../config';
import { startStandIns } from '../stand-ins';
import { createPaymentDesk, type PaymentDesk } from '../application/payment-desk';
import { createSystem, type System } from '../system/deps';
import { startApiExternal, startApiInternal, startMaintenanceWorker, startPaymentsWorker } from '../system/servers';
import type { Role } from '../api-internal/auth';
import { devToken } from './tokens';
import { workflowBundle } from './workflow-bundle';

export interface Caller {
  parkId?: string;
  parks?: string[];
  role?: Role;
  driverId?: string;
}

export interface Harness {
  sys: System;
  config: Config;
  externalUrl: string;
  internalUrl: string;
  billingUrl: string;
  fleetTransactionsUrl: string;
  driverProfilesUrl: string;
  uapiKeysUrl: string;
  /** Every log line the system wrote, for asserting what must never be logged. */
  logs: () => string;
  /** Config as env, for starting more processes of the same system (e.g. a worker to kill). */
  env: Record<string, string>;
  startWorker(): Promise<{ close(): Promise<void> }>;
  /** Calls api-internal as a dispatcher of the park in the path, or as `as` says (a park id, or a role and its claims). */
  api(method: string, path: string, body?: unknown, as?: string | Caller): Promise<{ status: number; body: any }>;
  /** A bearer token for `as`. */
  token(as: Caller & { parkId: string }): Promise<string>;
  close(): Promise<void>;
}

/** The whole system on real Postgres, Redis and Temporal, with real HTTP stand-ins for the neighbours. */
export async function startHarness(
  opts: { worker?: boolean; maintenance?: boolean; env?: Record<string, string> } = {},
): Promise<Harness> {
  const standIns = await startStandIns({ billingPort: 0, fleetTransactionsPort: 0, driverProfilesPort: 0 });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    BILLING_URL: standIns.billingUrl,
    FLEET_TRANSACTIONS_URL: standIns.fleetTransactionsUrl,
    DRIVER_PROFILES_URL: standIns.driverProfilesUrl,
    ...standIns.pspApiUrls,
    UAPI_KEYS_URL: standIns.uapiKeysUrl,
    PAYMENTS_TASK_QUEUE: `payments-test-${randomUUID()}`,
    // Each harness has its own task queue; a Schedule per test file would keep firing after it. The sweep test starts its own.
    PAYMENT_SWEEP_INTERVAL_SECONDS: '0',
    CREDENTIAL_REMINDER_INTERVAL_SECONDS: '0',
    QIWI_RECONCILE_INTERVAL_SECONDS: '0',
    MAINTENANCE_TASK_QUEUE: `maintenance-test-${randomUUID()}`,
    NEIGHBOUR_TIMEOUT_MS: '2000',
    ...opts.env,
  };
  const config = loadConfig(env);
  let captured = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      captured += chunk.toString();
      done();
    },
  });
  installSdkLogger((line) => (captured += line));
  const sys = await createSystem(config, 'test', pino({ level: 'debug' }, sink));
  const external = await startApiExternal(sys, 0);
  const internal = await startApiInternal(sys, 0);
  const bundle = await workflowBundle();
  const workers: Array<{ close(): Promise<void> }> = [];
  const startWorker = async () => {
    const w = await startPaymentsWorker(sys, bundle);
    workers.push(w);
    return w;
  };
  if (opts.worker !== false) await startWorker();
  if (opts.maintenance ?? opts.worker !== false) workers.push(await startMaintenanceWorker(sys, bundle));
  const token = (as: Caller & { parkId: string }) =>
    devToken(config, as.parks ?? [as.parkId], as.role ?? 'dispatcher', '10m', as.driverId);

  return {
    sys,
    config,
    env,
    externalUrl: external.url,
    internalUrl: internal.url,
    billingUrl: standIns.billingUrl,
    fleetTransactionsUrl: standIns.fleetTransactionsUrl,
    driverProfilesUrl: standIns.driverProfilesUrl,
    uapiKeysUrl: standIns.uapiKeysUrl,
    logs: () => captured,
    startWorker,
    token,
    async api(method, path, body, as) {
      const caller = typeof as === 'string' ? { parkId: as } : (as ?? {});
      const parkId = caller.parkId ?? /^\/v1\/parks\/([^/]+)/.exec(path)?.[1] ?? 'none';
      const res = await fetch(`${internal.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token({ ...caller, parkId })}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      for (const w of workers) await w.close();
      await external.close();
      await internal.close();
      await sys.close();
      await standIns.close();
    },
  };
}

export const newParkId = () => `park-${randomUUID().slice(0, 8)}`;

/** The payment desk the gateways use, on the harness's own system: for tests that drive payments below HTTP. */
export function deskOf(h: Harness): PaymentDesk {
  return createPaymentDesk({
    transactions: h.sys.transactions,
    temporal: h.sys.temporal,
    taskQueue: h.config.PAYMENTS_TASK_QUEUE,
  });
}

/**
 * A wallet of the given PSP for a park (with its PSP credentials, if it has any), and its callback link; returns the
 * link URL (the secret, shown once).
 */
export async function walletWithLink(
  h: Harness,
  parkId: string,
  psp: string,
  currency: string,
  settings: Record<string, unknown> = {},
  credentials?: Record<string, string>,
): Promise<{ walletId: string; linkUrl: string }> {
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp,
    name: `${psp} wallet`,
    currency,
    settings,
    credentials,
  });
  if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status} ${JSON.stringify(wallet.body)}`);
  const link = await h.api('POST', `/v1/parks/${parkId}/wallets/${wallet.body.id}/link`);
  if (link.status !== 201) throw new Error(`link issue → ${link.status}`);
  return {
    walletId: wallet.body.id as string,
    linkUrl: (link.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl),
  };
}

export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > until)
      throw new Error(
        `condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The SDK's own log lines (activity failures and the like) go to the same capture instead of the console. */
function installSdkLogger(write: (line: string) => void) {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) =>
        write(`${JSON.stringify(entry, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`),
      ),
    });
  } catch {
    // Already installed by an earlier harness in this test file; one runtime per module registry.
  }
}
