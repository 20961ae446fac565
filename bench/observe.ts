import { Pool } from 'pg';
import { standInState } from '../testkit/neighbours';
import type { SystemProcess } from '../testkit/processes';
import { sleep } from '../testkit/processes';
import type { OpenLoopAnswers } from './load-jobs';
import { summarize } from './stats';

/** What the benchmark reads back from the world: billing's credits, the ledger's states, the processes' memory. */

interface BillingCredits {
  credits: Array<{ park_id: string; amount_minor: string; applied_at: string }>;
}

/**
 * Billing's credits for `parkId`, by txn number. Every benchmark payment's amount in minor units is its txn number,
 * so the credit names its payment without knowing how our workflow keys it.
 */
export async function creditedAt(billingUrl: string, parkId: string): Promise<Map<number, number>> {
  const { credits } = await standInState<BillingCredits>(billingUrl);
  return new Map(
    credits.filter((c) => c.park_id === parkId).map((c) => [Number(c.amount_minor), Date.parse(c.applied_at)]),
  );
}

/** Waits until every txn in `txns` is credited or `timeoutMs` passes; returns the credits seen. */
export async function waitCredited(
  billingUrl: string,
  parkId: string,
  txns: number[],
  timeoutMs: number,
): Promise<Map<number, number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const credited = await creditedAt(billingUrl, parkId);
    if (txns.every((t) => credited.has(t)) || Date.now() > until) return credited;
    await sleep(1000);
  }
}

/** PAY answered → billing credited, for every answered payment; the uncredited are counted, not hidden. */
export function creditLatency(answers: OpenLoopAnswers, credited: Map<number, number>) {
  const latencies: number[] = [];
  let uncredited = 0;
  for (const [txn, answeredAt] of answers.answered) {
    const at = credited.get(txn);
    if (at === undefined) uncredited++;
    else latencies.push(Math.max(0, at - answeredAt));
  }
  return { ...summarize(latencies), uncredited, failures: answers.failures };
}

/** Waits until no transaction of the park is left `accepted`, so that one phase's backlog does not load the next. */
export async function drained(pool: Pool, parkId: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM transactions WHERE park_id = $1 AND state = 'accepted'",
      [parkId],
    );
    if (rows[0]?.n === '0') return true;
    if (Date.now() > until) return false;
    await sleep(1000);
  }
}

export interface RssSummary {
  name: string;
  startMiB: number;
  endMiB: number;
  maxMiB: number;
  /**
   * Median RSS of the last quarter of the run minus that of the second quarter (start-up growth is over by then).
   * Medians of plateaus, not a slope: a slope over a few GC cycles reads the sawtooth as growth or shrinkage.
   */
  growthMiB: number;
  /** Least-squares slope over the second half of the run, for the note. */
  slopeMiBPerMin: number;
}

/** Samples every process's RSS until `stop()`. */
export function sampleRss(processes: SystemProcess[], everyMs = 2000) {
  const samples: Array<{ t: number; rss: number[] }> = [];
  const take = () => samples.push({ t: Date.now(), rss: processes.map((p) => p.rss() / 2 ** 20) });
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop(): RssSummary[] {
      clearInterval(timer);
      take();
      return processes.map((p, i) => {
        const series = samples.map((s) => ({ t: s.t, v: s.rss[i]! })).filter((s) => Number.isFinite(s.v));
        const tail = series.slice(Math.floor(series.length / 2));
        const quarter = (k: number) =>
          series.slice(Math.floor((series.length * k) / 4), Math.floor((series.length * (k + 1)) / 4)).map((s) => s.v);
        return {
          name: p.name,
          startMiB: series[0]?.v ?? NaN,
          endMiB: series.at(-1)?.v ?? NaN,
          maxMiB: Math.max(...series.map((s) => s.v)),
          growthMiB: median(quarter(3)) - median(quarter(1)),
          slopeMiBPerMin: slope(tail.map((s) => [(s.t - tail[0]!.t) / 60_000, s.v])),
        };
      });
    },
  };
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}
