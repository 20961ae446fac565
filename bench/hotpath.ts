import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../config';
import { startStandIns } from '../stand-ins';
import { createSystem } from '../system/deps';
import { startApiInternal } from '../system/servers';
import { ensureDatabase, resetDatabase } from '../storage/migrations';
import { seedDrivers } from '../testkit/neighbours';
import { devToken } from '../testkit/tokens';
import { groupSelfTime } from './cpu-profile';

/**
 * `npm run bench:hotpath`: CHECK and repeat-PAY throughput of api-external run as its own process (as in production),
 * the neighbour stand-ins in another, autocannon in this one, all on loopback. With HOTPATH_BASELINE_DIR (a checkout of
 * an older commit with node_modules), that tree's gateway is measured in the same run, round by round, so the two
 * compare on the same shared machine. HOTPATH_PROFILE=1 adds one `--cpu-prof` run per path and prints its self time
 * grouped by library. A measurement: nothing is asserted.
 */
const CONNECTIONS = Number(process.env.HOTPATH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.HOTPATH_SECONDS ?? 10);
const ROUNDS = Number(process.env.HOTPATH_ROUNDS ?? 2);
const HERE = resolve(__dirname, '..');

interface Gateway {
  name: string;
  url: string;
  child: ChildProcess;
}

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

async function standInsProcess(): Promise<void> {
  const s = await startStandIns({ billingPort: 0, fleetTransactionsPort: 0, driverProfilesPort: 0, uapiKeysPort: 0 });
  process.stdout.write(`${JSON.stringify({ ...s, close: undefined })}\n`);
  process.once('SIGTERM', () => void s.close().then(() => process.exit(0)));
}

function spawnStandIns(): Promise<{ child: ChildProcess; urls: Record<string, string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, 'stand-ins'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) done({ child, urls: JSON.parse(out.split('\n')[0]!) as Record<string, string> });
    });
    child.once('exit', (code) => fail(new Error(`stand-ins exited ${code}`)));
  });
}

async function startGateway(name: string, dir: string, env: Record<string, string>, profileDir?: string) {
  const port = await freePort();
  const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx'];
  const child = spawn(process.execPath, [...args, join(dir, 'api-external/main.ts')], {
    cwd: dir,
    env: { ...env, API_EXTERNAL_PORT: String(port) },
    // Production logs at info to stdout; the lines are written (and cost what they cost), then dropped.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { name, url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer /healthz`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}

async function load(url: string, connections = CONNECTIONS, duration = SECONDS) {
  const r = await autocannon({ url, connections, duration });
  const failed = r.non2xx + r.errors + r.timeouts;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failed };
}

async function main() {
  if (process.argv[2] === 'stand-ins') return standInsProcess();
  const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/fleet_bench_hotpath';
  await ensureDatabase(databaseUrl);
  await resetDatabase(databaseUrl);
  const standIns = await spawnStandIns();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DATABASE_URL: databaseUrl,
    INTERNAL_JWT_SECRET: process.env.INTERNAL_JWT_SECRET ?? 'bench-only-internal-jwt-secret-0123456789',
    CREDENTIALS_KEYS: process.env.CREDENTIALS_KEYS ?? 'bench-1:IGDEYIWkW-0EiFR9V-qN6-d2EI87rkcy3E9acv2zG04',
    BILLING_URL: standIns.urls.billingUrl!,
    FLEET_TRANSACTIONS_URL: standIns.urls.fleetTransactionsUrl!,
    DRIVER_PROFILES_URL: standIns.urls.driverProfilesUrl!,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    PAYMENTS_TASK_QUEUE: 'payments-bench-hotpath',
  };
  delete env.REDIS_URL;
  const config = loadConfig(env);
  const sys = await createSystem(config, 'bench-internal');
  const internal = await startApiInternal(sys, 0);
  const gateways: Gateway[] = [];
  try {
    const parkId = `park-hot-${Date.now().toString(36)}`;
    const auth = { authorization: `Bearer ${await devToken(config, [parkId])}`, 'content-type': 'application/json' };
    const post = async (path: string, body?: unknown) =>
      (await (
        await fetch(`${internal.url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body ?? {}) })
      ).json()) as { id: string; url: string };
    const wallet = await post(`/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi_qvp',
      name: 'QIWI',
      currency: 'RUB',
      settings: { ipAllowList: ['127.0.0.1/32', '::1/128'] },
    });
    const path = new URL((await post(`/v1/parks/${parkId}/wallets/${wallet.id}/link`)).url).pathname;
    const driver = { park_id: parkId, id: 'DRV-HOT', display_name: 'Hot Path' };
    await seedDrivers(standIns.urls.driverProfilesUrl!, [driver]);
    await seedDrivers(standIns.urls.billingUrl!, [driver]);
    // A payment already credited: its repeats read the stored answer and touch neither Temporal nor the neighbours.
    await sys.db.$executeRaw`
      INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, state, workflow_id, workflow_started, updated_at)
      VALUES (${parkId}, ${wallet.id}::uuid, 'qiwi_qvp', '777', 'DRV-HOT', 100, 'RUB', 'processed', ${`payment:${wallet.id}:777`}, true, now())`;
    const paths = {
      healthz: '/healthz',
      check: `${path}?command=check&txn_id=1&account=DRV-HOT&sum=1.00`,
      'pay (repeat)': `${path}?command=pay&txn_id=777&txn_date=20240325140600&account=DRV-HOT&sum=1.00`,
    };

    const trees: Array<[string, string]> = [['this tree', HERE]];
    if (process.env.HOTPATH_BASELINE_DIR) trees.unshift(['baseline', resolve(process.env.HOTPATH_BASELINE_DIR)]);
    for (const [name, dir] of trees) gateways.push(await startGateway(name, dir, env));
    for (const g of gateways) {
      const probe = await fetch(g.url + paths.check).then((r) => r.text());
      if (!probe.includes('<result>0</result>')) throw new Error(`${g.name}: CHECK answered ${probe}`);
      await load(g.url + paths.check, CONNECTIONS, 3); // warm-up: JIT, pools
    }
    const results: string[] = [];
    for (let round = 1; round <= ROUNDS; round++)
      for (const [label, p] of Object.entries(paths))
        for (const g of gateways) {
          const r = await load(g.url + p);
          results.push(
            `${String(round).padEnd(6)}${label.padEnd(14)}${g.name.padEnd(11)}${r.rps.toFixed(0).padStart(8)}${String(r.p50).padStart(8)}${String(r.p99).padStart(8)}${String(r.failed).padStart(8)}`,
          );
          console.log(results.at(-1));
        }
    console.log(
      `\napi-external alone in its own process, ${CONNECTIONS} in flight, ${SECONDS} s per cell, LOG_LEVEL=${env.LOG_LEVEL}`,
    );
    console.log(`round label         gateway       req/s  p50 ms  p99 ms  failed`);
    for (const line of results) console.log(line);

    if (process.env.HOTPATH_PROFILE) {
      for (const g of gateways.splice(0)) await stop(g.child);
      for (const label of ['check', 'pay (repeat)'] as const) {
        const dir = join(tmpdir(), 'fleet-hotpath-profiles', label.replace(/\W+/g, '-'));
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const spawned = performance.now();
        const g = await startGateway('profiled', HERE, env, dir);
        await load(g.url + paths[label], CONNECTIONS, 3);
        const skipMs = performance.now() - spawned;
        const r = await load(g.url + paths[label]);
        await stop(g.child);
        // The main thread's profile is the big one; the others are helper threads.
        const file = readdirSync(dir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => ({ f, size: statSync(join(dir, f)).size }))
          .sort((a, b) => b.size - a.size)[0]!.f;
        console.log(
          `\n${label} under --cpu-prof: ${r.rps.toFixed(0)} req/s; share of busy time after start-up and warm-up (${join(dir, file)}):`,
        );
        for (const { group, share, ms } of groupSelfTime(join(dir, file), skipMs))
          if (share >= 0.005)
            console.log(
              `  ${group.padEnd(44)} ${(share * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms`,
            );
      }
    }
  } finally {
    for (const g of gateways) await stop(g.child);
    await internal.close();
    await sys.close();
    await stop(standIns.child);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
