import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { loadConfig } from '../config';
import { seedDrivers } from '../testkit/neighbours';
import { startTopology, type SystemProcess } from '../testkit/processes';
import { devToken } from '../testkit/tokens';
import type { Baselines } from './baselines';
import { runLoad, type OpenLoopAnswers, type PathSpec, type Throughput } from './load-jobs';
import { cpuBetween, cpuTable, snapshot, type CpuPhase } from './cpu';
import { creditLatency, drained, sampleRss, waitCredited, type RssSummary } from './observe';
import { progress, type BenchSettings } from './settings';
import type { Row } from './table';

/** One topology (N gateways + M workers, each its own process from its real entry point) measured against the baselines. */

const DRIVER = 'DRV-BENCH';
/** "Flat": the last quarter's RSS within this of the second quarter's over the memory run (5 min by default). */
const RSS_GROWTH_LIMIT_MIB = 16;
/** Txn number ranges per phase; a payment's amount in minor units is its txn number (see observe.ts). */
const TXN = { newPay: 1_000_000, endToEnd: 2_000_000, openLoop: 3_000_000, soak: 4_000_000 };

interface World {
  env: Record<string, string | undefined>;
  billingUrl: string;
  driverProfilesUrl: string;
  pool: Pool;
  /** Named in the CPU tables beside the topology's own processes. */
  standIns: SystemProcess;
}

async function walletLink(internalUrl: string, env: World['env'], parkId: string): Promise<string> {
  const token = await devToken(loadConfig(env), [parkId], 'dispatcher', '2h');
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${internalUrl}/v1/parks/${parkId}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}`);
    return (await res.json()) as { id: string; url: string };
  };
  const wallet = await call('/wallets', {
    psp: 'qiwi_qvp',
    name: 'bench',
    currency: 'RUB',
    settings: { ipAllowList: ['127.0.0.1/32', '::1/128'] },
  });
  return new URL((await call(`/wallets/${wallet.id}/link`)).url).pathname;
}

export async function measureTopology(
  s: BenchSettings,
  shape: { gateways: number; workers: number },
  baselines: Baselines,
  world: World,
): Promise<{ rows: Row[]; memory: RssSummary[]; cpu: string }> {
  const env = {
    ...world.env,
    PAYMENTS_TASK_QUEUE: `payments-bench-${randomUUID()}`,
    MAINTENANCE_TASK_QUEUE: `maintenance-bench-${randomUUID()}`,
  };
  progress(`topology ${shape.gateways} gateway(s) + ${shape.workers} worker(s): starting processes`);
  const topology = await startTopology({ env, ...shape, internals: 1 });
  try {
    const parkId = `park-bench-${randomUUID().slice(0, 8)}`;
    const link = await walletLink(topology.internalUrls[0]!, env, parkId);
    const driver = { park_id: parkId, id: DRIVER, display_name: 'Bench' };
    await seedDrivers(world.driverProfilesUrl, [driver]);
    await seedDrivers(world.billingUrl, [driver]);
    const urls = topology.externalUrls;
    const check: PathSpec = { template: `${link}?command=check&txn_id={txn}&account=${DRIVER}&sum={sum}`, first: 1 };
    const pay = (first: number, cycle?: number): PathSpec => ({
      template: `${link}?command=pay&txn_id={txn}&txn_date=20240325140600&account=${DRIVER}&sum={sum}`,
      first,
      cycle,
    });
    const probe = await (await fetch(`${urls[0]}${check.template.replace(/\{txn\}|\{sum\}/g, '1')}`)).text();
    if (!probe.includes('<result>0</result>')) throw new Error('CHECK of the bench driver is not answered success');
    const named = [...topology.all(), world.standIns];
    const cpuPhases: Array<{ name: string; cpu: CpuPhase }> = [];
    /** `phase` names the run in the CPU table; without it the run is part of a longer phase measured around it. */
    const closed = async (path: PathSpec, phase?: string, amount?: number) => {
      const before = snapshot(named);
      const run = await runLoad<Throughput>({
        kind: 'http',
        urls,
        path,
        connections: s.inFlight,
        durationS: s.phaseS,
        amount,
      });
      if (phase) cpuPhases.push({ name: phase, cpu: cpuBetween(before, snapshot(named), run.requests) });
      return run;
    };

    progress(`  CHECK, ${s.inFlight} in flight`);
    const checkRun = await closed(check, 'CHECK');
    progress(`  new PAY, ${s.inFlight} in flight`);
    const newPay = await closed(pay(TXN.newPay), 'new PAY accept');
    progress('  waiting for the accepted PAYs to be credited');
    const backlogDrained = await drained(world.pool, parkId, 300_000);
    progress(`  repeat PAY, ${s.inFlight} in flight`);
    const repeat = await closed(
      pay(TXN.newPay, Math.max(1, Math.min(newPay.requests - newPay.failures, 1000))),
      'repeat PAY',
    );

    progress(`  end to end: ${s.e2eN} payments`);
    const e2eBefore = snapshot(named);
    const e2ePay = await closed(pay(TXN.endToEnd), undefined, s.e2eN);
    const e2eTxns = Array.from({ length: s.e2eN }, (_, i) => TXN.endToEnd + i);
    const e2eCredited = await waitCredited(world.billingUrl, parkId, e2eTxns, 300_000);
    const e2eDone = Math.max(...e2eTxns.map((t) => e2eCredited.get(t) ?? NaN).filter(Number.isFinite));
    const e2eMissing = e2eTxns.filter((t) => !e2eCredited.has(t)).length;
    cpuPhases.push({ name: 'end to end', cpu: cpuBetween(e2eBefore, snapshot(named), s.e2eN) });

    const openLoop = async (first: number, rate: number, seconds: number) => {
      const answers = await runLoad<OpenLoopAnswers>({
        kind: 'open-loop-http',
        urls,
        path: pay(first),
        ratePerS: rate,
        durationS: seconds,
      });
      const credited = await waitCredited(
        world.billingUrl,
        parkId,
        answers.answered.map(([t]) => t),
        120_000,
      );
      return creditLatency(answers, credited);
    };
    const [low, soakRate] = [s.openLoopRates[0]!, s.soakRate];
    progress(`  credit latency at ${low}/s for ${s.openLoopS} s`);
    const atLow = await openLoop(TXN.openLoop, low, s.openLoopS);
    progress(`  soak: ${soakRate}/s for ${s.soakS} s, RSS sampled`);
    const sampler = sampleRss(topology.all());
    const soakBefore = snapshot(named);
    const atSoak = await openLoop(TXN.soak, soakRate, s.soakS);
    cpuPhases.push({ name: `${soakRate}/s open loop`, cpu: cpuBetween(soakBefore, snapshot(named), atSoak.n) });
    const memory = sampler.stop().sort((a, b) => a.name.localeCompare(b.name));
    progress('  done');

    const latencyRuns: Array<[number, typeof atLow]> = [
      [low, atLow],
      [soakRate, atSoak],
    ];
    const miss = (n: number, what: string) => (n > 0 ? `${n} ${what}` : undefined);
    const rows: Row[] = [
      {
        figure: 'CHECK req/s',
        value: checkRun.rps,
        unit: 'req/s',
        baseline: { name: 'bare handler', value: baselines.check.rps },
        target: { op: '≥', x: 0.25, of: 'ratio' },
        note: miss(checkRun.failures, 'failed'),
      },
      {
        figure: 'CHECK p99',
        value: checkRun.p99,
        unit: 'ms',
        baseline: { name: 'bare handler', value: baselines.check.p99 },
        target: { op: '≤', x: 20, of: 'value' },
        note: `p50 ${checkRun.p50} ms`,
      },
      {
        figure: 'repeat PAY req/s',
        value: repeat.rps,
        unit: 'req/s',
        baseline: { name: 'CHECK', value: checkRun.rps },
        target: { op: '≥', x: 1, of: 'ratio' },
        note: [`p50 ${repeat.p50} ms, p99 ${repeat.p99} ms`, miss(repeat.failures, 'failed')]
          .filter(Boolean)
          .join('; '),
      },
      {
        figure: 'new PAY accept/s',
        value: newPay.rps,
        unit: '/s',
        baseline: { name: 'raw workflow.start', value: baselines.workflowStart.rps },
        target: { op: '≥', x: 0.5, of: 'ratio' },
        note: [
          `p50 ${newPay.p50} ms, p99 ${newPay.p99} ms`,
          miss(newPay.failures, 'failed'),
          backlogDrained ? undefined : 'backlog not drained in 5 min',
        ]
          .filter(Boolean)
          .join('; '),
      },
      {
        figure: 'end to end credited/s',
        value: (s.e2eN - e2eMissing) / ((e2eDone - e2ePay.startedAt) / 1000),
        unit: '/s',
        baseline: {
          name: `bare workflow (${s.activities.regular}+${s.activities.local} local)`,
          value: baselines.endToEnd.rate,
        },
        target: { op: '≥', x: 0.9, of: 'ratio' },
        note: miss(e2eMissing + e2ePay.failures, 'not credited or failed'),
      },
      ...latencyRuns.map(([rate, run]): Row => ({
        figure: `credit latency p99 at ${rate}/s`,
        value: run.p99,
        unit: 'ms',
        baseline: { name: 'bare workflow', value: baselines.latencyAt[rate]?.p99 ?? NaN },
        target: { op: '≤', x: 1000, of: 'value' },
        note: [
          `p50 ${run.p50.toFixed(0)} ms, n ${run.n}`,
          miss(run.uncredited, 'uncredited'),
          miss(run.failures, 'failed'),
        ]
          .filter(Boolean)
          .join('; '),
      })),
      ...memory.map((m): Row => ({
        figure: `RSS growth ${m.name}`,
        value: m.growthMiB,
        unit: 'MiB',
        target: { op: '≤', x: RSS_GROWTH_LIMIT_MIB, of: 'value' },
        note: `start ${m.startMiB.toFixed(0)}, end ${m.endMiB.toFixed(0)}, max ${m.maxMiB.toFixed(0)} MiB; slope ${m.slopeMiBPerMin.toFixed(1)} MiB/min`,
      })),
    ];
    return { rows, memory, cpu: cpuTable(`CPU by process, ${shape.gateways}+${shape.workers}`, cpuPhases) };
  } finally {
    await topology.stop();
  }
}
