import type { ActivityShape } from './bare/workflow';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import {
  renderPath,
  type BareLatencies,
  type LoadJob,
  type OpenLoopAnswers,
  type TemporalTarget,
  type Throughput,
} from './load-jobs';
import { summarize } from './stats';

/** The load generator: runs the job in BENCH_JOB and prints its result as the last line of stdout. */

const BARE_WORKFLOW = 'bareWorkflow';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function closedLoopHttp(job: Extract<LoadJob, { kind: 'http' }>): Promise<Throughput> {
  let n = 0;
  const [started, startedAt] = [performance.now(), Date.now()];
  const result = await autocannon({
    // autocannon spreads connections over several URLs round-robin; its published types know only one.
    url: job.urls as unknown as string,
    connections: job.connections,
    ...(job.amount ? { amount: job.amount } : { duration: job.durationS ?? 10 }),
    timeout: 10,
    requests: [{ setupRequest: (req) => ({ ...req, path: renderPath(job.path, n++) }) }],
  });
  const wallMs = performance.now() - started;
  return {
    rps: result.requests.total / (wallMs / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    wallMs,
    startedAt,
  };
}

/** Sends at a fixed rate whatever the answers take (open loop), so a slow system cannot slow the offered load. */
async function openLoopHttp(job: Extract<LoadJob, { kind: 'open-loop-http' }>): Promise<OpenLoopAnswers> {
  const out: OpenLoopAnswers = { answered: [], failures: 0 };
  const total = Math.round(job.ratePerS * job.durationS);
  const t0 = performance.now();
  const calls: Array<Promise<void>> = [];
  for (let n = 0; n < total; n++) {
    const due = t0 + (n * 1000) / job.ratePerS;
    if (due > performance.now()) await sleep(due - performance.now());
    const path = renderPath(job.path, n);
    const txn = job.path.first + (job.path.cycle ? n % job.path.cycle : n);
    calls.push(
      fetch(`${job.urls[n % job.urls.length]}${path}`, { signal: AbortSignal.timeout(30_000) })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.ok) out.answered.push([txn, Date.now()]);
          else out.failures++;
        })
        .catch(() => void out.failures++),
    );
  }
  await Promise.all(calls);
  return out;
}

async function temporalClient(target: TemporalTarget) {
  const connection = await Connection.connect({ address: target.address });
  return { connection, client: new Client({ connection, namespace: target.namespace }) };
}

/** Closed loop of raw `workflow.start`: no worker polls this queue, so it times the accept alone. */
async function workflowStarts(job: Extract<LoadJob, { kind: 'workflow-start' }>): Promise<Throughput> {
  const { connection, client } = await temporalClient(job.temporal);
  try {
    const latencies: number[] = [];
    let failures = 0;
    const [started, startedAt] = [performance.now(), Date.now()];
    const until = started + job.durationS * 1000;
    const lane = async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await client.workflow.start(BARE_WORKFLOW, {
            taskQueue: job.temporal.taskQueue,
            workflowId: `bench-raw-${randomUUID()}`,
            args: [0],
            // Nothing runs them: the server drops them a minute later instead of keeping them open.
            workflowExecutionTimeout: '1 minute',
          });
          latencies.push(performance.now() - t);
        } catch {
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, lane));
    const wallMs = performance.now() - started;
    const s = summarize(latencies);
    return {
      rps: latencies.length / (wallMs / 1000),
      p50: s.p50,
      p99: s.p99,
      requests: s.n,
      failures,
      wallMs,
      startedAt,
    };
  } finally {
    await connection.close();
  }
}

async function bareRun(
  target: TemporalTarget,
  activities: ActivityShape,
  schedule: (start: (i: number) => Promise<void>) => Promise<void>,
): Promise<BareLatencies> {
  const { connection, client } = await temporalClient(target);
  try {
    const out: BareLatencies = { latencies: [], failures: 0, wallMs: 0 };
    const done: Array<Promise<void>> = [];
    const t0 = performance.now();
    await schedule(async () => {
      const t = performance.now();
      try {
        const handle = await client.workflow.start(BARE_WORKFLOW, {
          taskQueue: target.taskQueue,
          workflowId: `bench-bare-${randomUUID()}`,
          args: [activities],
        });
        done.push(
          handle.result().then(
            () => void out.latencies.push(performance.now() - t),
            () => void out.failures++,
          ),
        );
      } catch {
        out.failures++;
      }
    });
    await Promise.all(done);
    out.wallMs = performance.now() - t0;
    return out;
  } finally {
    await connection.close();
  }
}

async function run(job: LoadJob): Promise<unknown> {
  switch (job.kind) {
    case 'http':
      return closedLoopHttp(job);
    case 'open-loop-http':
      return openLoopHttp(job);
    case 'workflow-start':
      return workflowStarts(job);
    case 'bare-e2e':
      return bareRun(job.temporal, job.activities, async (start) => {
        let next = 0;
        const lane = async () => {
          while (next < job.total) await start(next++);
        };
        await Promise.all(Array.from({ length: job.concurrency }, lane));
      });
    case 'bare-open-loop':
      return bareRun(job.temporal, job.activities, async (start) => {
        const total = Math.round(job.ratePerS * job.durationS);
        const t0 = performance.now();
        const starts: Array<Promise<void>> = [];
        for (let i = 0; i < total; i++) {
          const due = t0 + (i * 1000) / job.ratePerS;
          if (due > performance.now()) await sleep(due - performance.now());
          starts.push(start(i));
        }
        await Promise.all(starts);
      });
  }
}

run(JSON.parse(process.env.BENCH_JOB ?? '{}') as LoadJob).then(
  (result) => process.stdout.write(`\n${JSON.stringify(result)}\n`),
  (err: unknown) => {
    process.stderr.write(`load generator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
