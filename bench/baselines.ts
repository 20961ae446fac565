import { randomUUID } from 'node:crypto';
import { freePort, startChild, type SystemProcess } from '../testkit/processes';
import { cpuBetween, cpuTable, snapshot, type CpuPhase } from './cpu';
import { runLoad, type BareLatencies, type TemporalTarget, type Throughput } from './load-jobs';
import { summarize } from './stats';
import { progress, type BenchSettings } from './settings';

/**
 * The same-run baselines, each in processes of its own like the system's parts: a bare Express handler for the
 * gateway paths, raw `workflow.start` for the PAY accept, a bare SDK workflow (same number of no-op activities as a
 * payment, its own worker process) for end to end.
 */

export interface Baselines {
  check: Throughput;
  workflowStart: Throughput;
  endToEnd: { rate: number; p99: number; failures: number };
  latencyAt: Record<number, ReturnType<typeof summarize> & { failures: number }>;
  /** Where the CPU went in the bare handler and bare workflow runs (markdown). */
  cpu: string;
}

export async function measureBaselines(
  s: BenchSettings,
  temporal: Omit<TemporalTarget, 'taskQueue'>,
  neighbours: SystemProcess[],
) {
  const httpPort = await freePort();
  const bareHttp = await startChild('bench/bare/http.ts', {
    name: 'bare-http',
    env: { ...process.env, PORT: String(httpPort) },
    ready: { url: `http://127.0.0.1:${httpPort}/healthz` },
  });
  const bareQueue = `bench-bare-${randomUUID()}`;
  const bareWorker = await startChild('bench/bare/worker.ts', {
    name: 'bare-worker',
    env: { ...process.env, TEMPORAL_ADDRESS: temporal.address, BARE_TASK_QUEUE: bareQueue },
    ready: { logMessage: 'bare worker started' },
    readyTimeoutMs: 120_000,
  });
  const named = [bareHttp, bareWorker, ...neighbours];
  const cpuPhases: Array<{ name: string; cpu: CpuPhase }> = [];
  try {
    let before = snapshot(named);
    progress(`baseline: bare handler, ${s.inFlight} in flight, ${s.phaseS} s`);
    const check = await runLoad<Throughput>({
      kind: 'http',
      urls: [`http://127.0.0.1:${httpPort}`],
      path: { template: '/psp/qiwi_qvp/bare?command=check&txn_id={txn}&account=DRV&sum={sum}', first: 1 },
      connections: s.inFlight,
      durationS: s.phaseS,
    });
    cpuPhases.push({ name: 'bare handler', cpu: cpuBetween(before, snapshot(named), check.requests) });
    before = snapshot(named);
    progress(`baseline: raw workflow.start, ${s.inFlight} in flight, ${s.phaseS} s`);
    const workflowStart = await runLoad<Throughput>({
      kind: 'workflow-start',
      temporal: { ...temporal, taskQueue: `bench-unpolled-${randomUUID()}` },
      concurrency: s.inFlight,
      durationS: s.phaseS,
    });
    cpuPhases.push({ name: 'raw workflow.start', cpu: cpuBetween(before, snapshot(named), workflowStart.requests) });
    const target = { ...temporal, taskQueue: bareQueue };
    before = snapshot(named);
    progress(`baseline: bare workflow end to end, ${s.e2eN} workflows, ${s.inFlight} in flight`);
    const e2e = await runLoad<BareLatencies>({
      kind: 'bare-e2e',
      temporal: target,
      activities: s.activities,
      total: s.e2eN,
      concurrency: s.inFlight,
    });
    cpuPhases.push({ name: 'bare workflow end to end', cpu: cpuBetween(before, snapshot(named), s.e2eN) });
    const latencyAt: Baselines['latencyAt'] = {};
    for (const rate of s.openLoopRates) {
      progress(`baseline: bare workflow at ${rate}/s for ${s.openLoopS} s`);
      const run = await runLoad<BareLatencies>({
        kind: 'bare-open-loop',
        temporal: target,
        activities: s.activities,
        ratePerS: rate,
        durationS: s.openLoopS,
      });
      latencyAt[rate] = { ...summarize(run.latencies), failures: run.failures };
    }
    return {
      check,
      workflowStart,
      endToEnd: {
        rate: e2e.latencies.length / (e2e.wallMs / 1000),
        p99: summarize(e2e.latencies).p99,
        failures: e2e.failures,
      },
      latencyAt,
      cpu: cpuTable('CPU by process, baselines', cpuPhases),
    } satisfies Baselines;
  } finally {
    await bareWorker.kill();
    await bareHttp.kill();
  }
}
