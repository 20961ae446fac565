import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config';
import { walletBackfillWorkflowId } from '../domain/wallet-migration';
import { legacyKey, scanLegacyParks } from '../storage/legacy-wallets';
import { ensureDatabase, resetDatabase } from '../storage/migrations';
import { createSystem, type System } from '../system/deps';
import { startMaintenanceWorker } from '../system/servers';
import type { BackfillProgress } from '../workflows/wallet-backfill';

/**
 * `npm run bench:backfill`: plants legacy wallets (10 000 in 500 parks unless BENCH_BACKFILL_WALLETS / _PARKS say
 * otherwise) in Redis and measures, in one process and one run: (1) the baseline, a raw SCAN + pipelined HGETALL of
 * the same keys that copies nothing; (2) the walletBackfill workflow on a real Temporal worker into real Postgres;
 * (3) a second backfill that finds everything there. Reports wallets/s and peak RSS, each as a ratio to the baseline,
 * so machines compare. Nothing is asserted. Its own database (`fleet_bench_backfill`) and key prefix, removed after.
 */
const WALLETS = Number(process.env.BENCH_BACKFILL_WALLETS ?? 10_000);
const PARKS = Number(process.env.BENCH_BACKFILL_PARKS ?? 500);
const MiB = 2 ** 20;

interface Run {
  name: string;
  wallets: number;
  seconds: number;
  baselineRss: number;
  peakRss: number;
}

async function measure(name: string, body: () => Promise<number>): Promise<Run> {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const wallets = await body();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { name, wallets, seconds, baselineRss, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
}

async function plant(sys: System, prefix: string) {
  const perPark = Math.ceil(WALLETS / PARKS);
  const pipeline = sys.redis!.pipeline();
  for (let i = 0; i < WALLETS; i++) {
    const parkId = `${prefix}${Math.floor(i / perPark)}`;
    const at = new Date(Date.UTC(2024, 0, 1, 0, 0, 0, i)).toISOString();
    const id = randomUUID();
    const wallet = {
      id,
      parkId,
      psp: 'qiwi_qvp',
      name: `Legacy ${i}`,
      currency: 'RUB',
      settings: { ipAllowList: ['79.142.16.0/20'] },
      enabled: true,
      createdAt: at,
      updatedAt: at,
      sealedCredentials: i % 4 === 0 ? { ciphertext: `bench.jwe.${id}`, keyId: 'bench-1', updatedAt: at } : null,
    };
    pipeline.hset(legacyKey(parkId), id, JSON.stringify(wallet));
  }
  await pipeline.exec();
}

/** What any copy must at least do: walk the keys and read every hash. */
async function rawRead(sys: System, prefix: string): Promise<number> {
  let cursor = '0';
  let wallets = 0;
  do {
    const step = await scanLegacyParks(sys.redis!, cursor, 200, prefix);
    const pipeline = sys.redis!.pipeline();
    for (const parkId of step.parkIds) pipeline.hgetall(legacyKey(parkId));
    for (const [, hash] of (await pipeline.exec()) ?? []) wallets += Object.keys(hash as object).length;
    cursor = step.cursor;
  } while (cursor !== '0');
  return wallets;
}

async function backfill(sys: System, prefix: string, run: string): Promise<number> {
  const result = await sys.temporal.workflow.execute('walletBackfill', {
    taskQueue: sys.config.MAINTENANCE_TASK_QUEUE,
    workflowId: `${walletBackfillWorkflowId(prefix)}:${run}`,
    args: [{ parkPrefix: prefix }],
  });
  return (result as BackfillProgress).wallets;
}

async function main() {
  const env = {
    DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:5432/fleet_bench_backfill',
    REDIS_URL: 'redis://127.0.0.1:6379',
    INTERNAL_JWT_SECRET: 'bench-only-internal-jwt-secret-0123456789',
    CREDENTIALS_KEYS: 'bench-1:IGDEYIWkW-0EiFR9V-qN6-d2EI87rkcy3E9acv2zG04',
    LOG_LEVEL: 'warn',
    ...(process.env as Record<string, string>),
    MAINTENANCE_TASK_QUEUE: `bench-maintenance-${randomUUID()}`,
  };
  // The reset drops every table: only ever a benchmark's own database.
  if (!/bench/.test(new URL(env.DATABASE_URL).pathname)) throw new Error('DATABASE_URL must name a bench database');
  await ensureDatabase(env.DATABASE_URL);
  await resetDatabase(env.DATABASE_URL);
  const sys = await createSystem(loadConfig(env), 'bench-backfill');
  const worker = await startMaintenanceWorker(sys);
  const prefix = `bench-${randomUUID().slice(0, 8)}-`;
  try {
    await plant(sys, prefix);
    await rawRead(sys, prefix); // warm-up: connections, JIT
    const runs = [
      await measure('baseline: SCAN + pipelined HGETALL', () => rawRead(sys, prefix)),
      await measure('walletBackfill (inserts)', () => backfill(sys, prefix, 'first')),
      await measure('walletBackfill again (all present)', () => backfill(sys, prefix, 'again')),
    ];
    const copied = await sys.db.wallet.count({ where: { parkId: { startsWith: prefix } } });
    const base = runs[0]!;
    const rate = (r: Run) => r.wallets / r.seconds;
    console.log(`\n${WALLETS} legacy wallets in ${PARKS} parks; ${copied} rows in Postgres after the backfill`);
    console.log(
      'run                                   wallets   seconds   wallets/s   ÷ baseline   peak RSS MiB   peak ÷ baseline',
    );
    for (const r of runs) {
      console.log(
        `${r.name.padEnd(36)} ${String(r.wallets).padStart(8)}   ${r.seconds.toFixed(2).padStart(7)}   ` +
          `${Math.round(rate(r)).toString().padStart(9)}   ${(rate(r) / rate(base)).toFixed(3).padStart(10)}   ` +
          `${(r.peakRss / MiB).toFixed(0).padStart(12)}   ${(r.peakRss / base.peakRss).toFixed(2).padStart(15)}`,
      );
    }
  } finally {
    let cursor = '0';
    do {
      const step = await scanLegacyParks(sys.redis!, cursor, 500, prefix);
      if (step.parkIds.length) await sys.redis!.del(...step.parkIds.map(legacyKey));
      cursor = step.cursor;
    } while (cursor !== '0');
    await worker.close();
    await sys.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
