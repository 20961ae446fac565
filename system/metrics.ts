import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The technical metrics of one process, in its own registry (never prom-client's global one, so two systems in one
 * test process do not collide). Labels are bounded sets only: PSP codes, command kinds, outcomes, neighbour names,
 * states and reason classes. Never a park, driver, wallet or transaction id: each would be a series per customer.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    // Its `_count` is the number of calls: no separate counter needed.
    pspCallbacks: new Histogram({
      name: 'psp_callback_duration_seconds',
      help: 'PSP callbacks by PSP, command (operation) and result (outcome kind or refusal reason), seconds to answer',
      labelNames: ['psp', 'operation', 'result'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    neighbourCalls: new Histogram({
      name: 'neighbour_call_duration_seconds',
      help: 'HTTP calls to neighbour services by service and outcome, seconds',
      labelNames: ['service', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    paymentTransitions: new Counter({
      name: 'payment_transitions_total',
      help:
        'Payment state changes this process made, by state left (`new` for a first PAY, `attention` for an ops ' +
        're-drive or settle) and state entered',
      labelNames: ['from', 'to'] as const,
      registers: [registry],
    }),
    rejectedAfterAccept: new Counter({
      name: 'payments_rejected_after_accept_total',
      help: 'Payments the PSP was told were accepted that ended rejected for our own reasons (not a PSP cancel), by class',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** `GET /metrics` for Prometheus, on express apps and on a bare `node:http` server alike. */
export function metricsHandler(registry: Registry) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable'),
    );
  };
}
