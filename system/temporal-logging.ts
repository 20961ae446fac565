import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from 'pino';

// The SDK's INFO lines are worker life-cycle chatter (bundle built, state changed): debug for us.
const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'debug', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The SDK's worker logs (activity failures, state changes) go through the process's pino logger and its redaction.
 * With `metricsAddress`, the SDK also serves its own Prometheus metrics there (task latencies, schedule-to-start).
 */
export function installTemporalLogging(log: Logger, metricsAddress?: string): void {
  const forward = (level: LogLevel, message: string, meta?: LogMetadata) =>
    log[PINO_LEVEL[level]]({ temporal: meta }, message);
  Runtime.install({
    logger: {
      log: forward,
      trace: (m, meta) => forward('TRACE', m, meta),
      debug: (m, meta) => forward('DEBUG', m, meta),
      info: (m, meta) => forward('INFO', m, meta),
      warn: (m, meta) => forward('WARN', m, meta),
      error: (m, meta) => forward('ERROR', m, meta),
    },
    ...(metricsAddress && {
      // Seconds, as Prometheus conventions (and our own histograms) have it.
      telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress, useSecondsForDurations: true } } },
    }),
  });
}
