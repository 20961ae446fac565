import type { ActivityShape } from './bare/workflow';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * What the load generator (bench/load.ts, a process of its own so that its CPU is not the gateways') is asked to do,
 * and what it answers. Callback paths carry the link secret, so jobs travel in the environment, never in argv.
 */

/** `{txn}` in the template becomes `first + (n % cycle)`, `{sum}` that number in major units (unique amounts). */
export interface PathSpec {
  template: string;
  first: number;
  cycle?: number;
}

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
}

export type LoadJob =
  | { kind: 'http'; urls: string[]; path: PathSpec; connections: number; durationS?: number; amount?: number }
  | { kind: 'open-loop-http'; urls: string[]; path: PathSpec; ratePerS: number; durationS: number }
  | { kind: 'workflow-start'; temporal: TemporalTarget; concurrency: number; durationS: number }
  | { kind: 'bare-e2e'; temporal: TemporalTarget; activities: ActivityShape; total: number; concurrency: number }
  | {
      kind: 'bare-open-loop';
      temporal: TemporalTarget;
      activities: ActivityShape;
      ratePerS: number;
      durationS: number;
    };

export interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers, socket errors and timeouts: each is a miss the table reports. */
  failures: number;
  wallMs: number;
  /** Epoch ms of the first request, so a caller's clock excludes the generator's own start-up. */
  startedAt: number;
}

export interface OpenLoopAnswers {
  /** [txn, epoch ms the success answer arrived] for each request answered 2xx. */
  answered: Array<[number, number]>;
  failures: number;
}

export interface BareLatencies {
  /** Start → workflow completed, ms. */
  latencies: number[];
  failures: number;
  wallMs: number;
}

export const renderPath = (spec: PathSpec, n: number): string => {
  const txn = spec.first + (spec.cycle ? n % spec.cycle : n);
  return spec.template.replaceAll('{txn}', String(txn)).replaceAll('{sum}', (txn / 100).toFixed(2));
};

/** Runs one job in a fresh load-generator process and returns its answer. */
export function runLoad<T>(job: LoadJob): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'load.ts')], {
      env: { ...process.env, BENCH_JOB: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`load generator (${job.kind}) exited ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`load generator (${job.kind}) answered no result`));
      }
    });
  });
}
