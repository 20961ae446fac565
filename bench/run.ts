import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PSP_APIS } from '../stand-ins/psp-apis';
import { ensureDatabase, resetDatabase } from '../storage/migrations';
import { freePort, startChild } from '../testkit/processes';
import { measureBaselines } from './baselines';
import { benchSettings } from './settings';
import { markdownTable, met, type Row } from './table';
import { measureTopology } from './topology';

/**
 * `npm run bench`: throughput and latency of the PSP-facing paths and of end-to-end payments, each beside a baseline
 * measured in the same run on the same machine, for 1 gateway + 1 worker and for 2 + 2. Every part runs in a process
 * of its own: the stand-ins, the load generator, the baselines, and the gateways and workers from their real entry
 * points. Misses are reported, not thrown: this is a measurement, not a test. The table lands in
 * bench/results/latest.md.
 */

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const s = benchSettings();
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/fleet_bench',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    INTERNAL_JWT_SECRET: process.env.INTERNAL_JWT_SECRET ?? 'bench-only-internal-jwt-secret-0123456789',
    CREDENTIALS_KEYS: process.env.CREDENTIALS_KEYS ?? 'bench-1:IGDEYIWkW-0EiFR9V-qN6-d2EI87rkcy3E9acv2zG04',
    // Schedules are per task queue, and the bench's queues are its own: none may outlive the run.
    PAYMENT_SWEEP_INTERVAL_SECONDS: '0',
    QIWI_RECONCILE_INTERVAL_SECONDS: '0',
    CREDENTIAL_REMINDER_INTERVAL_SECONDS: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const databaseUrl = env.DATABASE_URL!;
  await ensureDatabase(databaseUrl);
  await resetDatabase(databaseUrl);
  const started = new Date();

  const ports = { billing: await freePort(), fleet: await freePort(), profiles: await freePort() };
  const standIns = await startChild('stand-ins/main.ts', {
    name: 'stand-ins',
    env: {
      ...process.env,
      BILLING_PORT: String(ports.billing),
      FLEET_TRANSACTIONS_PORT: String(ports.fleet),
      DRIVER_PROFILES_PORT: String(ports.profiles),
      // The PSP APIs' stand-ins are not called here; any free port keeps them off the demo ports.
      ...Object.fromEntries(PSP_APIS.map((api) => [`${api.name.toUpperCase().replace(/-/g, '_')}_PORT`, '0'])),
    },
    ready: { logMessage: 'stand-ins listening' },
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    Object.assign(env, {
      BILLING_URL: `http://127.0.0.1:${ports.billing}`,
      FLEET_TRANSACTIONS_URL: `http://127.0.0.1:${ports.fleet}`,
      DRIVER_PROFILES_URL: `http://127.0.0.1:${ports.profiles}`,
    });
    const baselines = await measureBaselines(
      s,
      {
        address: env.TEMPORAL_ADDRESS!,
        namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      },
      [standIns],
    );
    const tables: string[] = [];
    const cpuTables: string[] = [baselines.cpu];
    const misses: string[] = [];
    for (const shape of s.topologies) {
      const { rows, cpu } = await measureTopology(s, shape, baselines, {
        env,
        billingUrl: env.BILLING_URL!,
        driverProfilesUrl: env.DRIVER_PROFILES_URL!,
        pool,
        standIns,
      });
      cpuTables.push(cpu);
      const title = `${shape.gateways} api-external + ${shape.workers} worker process(es)`;
      tables.push(markdownTable(title, rows));
      const missed = rows.filter((r: Row) => met(r) === false).map((r) => r.figure);
      if (missed.length) misses.push(`${shape.gateways}+${shape.workers}: ${missed.join(', ')}`);
    }
    const report = [
      `## npm run bench: ${started.toISOString()}`,
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}.`,
      `Settings: ${s.inFlight} in flight for ${s.phaseS} s per closed-loop phase; end to end ${s.e2eN} payments; ` +
        `credit latency open loop at ${s.openLoopRates[0]}/s for ${s.openLoopS} s and at ${s.soakRate}/s for ` +
        `${s.soakS} s (the memory run); bare workflow with ${s.activities.regular} no-op activities then ${s.activities.local} local ones.` +
        (process.env.BENCH_QUICK === '1' ? ' BENCH_QUICK: a dev run, not a measurement.' : ''),
      "Baselines are measured once per run and shared by both topologies. RSS growth: median of the memory run's last quarter minus that of its second quarter.",
      '',
      ...tables.flatMap((t) => [t, '']),
      misses.length ? `Missed: ${misses.join('; ')}.` : 'Every target met.',
      '',
      '### Where the CPU went',
      '',
      'Share of one core each part used over the phase (200 % is both cores) and its CPU per request. ' +
        'The load generator runs in the bench process\'s children; "other" is everything on the machine outside the run.',
      '',
      ...cpuTables.flatMap((t) => [t, '']),
    ].join('\n');
    say(`\n${report}`);
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.md'), report);
    say(`written to ${join('bench', 'results', 'latest.md')}`);
  } finally {
    await pool.end();
    await standIns.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
