import { eventually, newParkId, startHarness, walletWithLink } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';
import { resetDatabase } from '../storage/migrations';
import { measure, summarize, type Summary } from './stats';

/**
 * `npm run bench`: latency of the PSP-facing paths and end-to-end payment throughput on the real stack, each reported
 * as a ratio to a baseline measured in the same run (a bare HTTP round trip to the same gateway), so machines of
 * different speed compare. Targets are ratios too; a miss is reported, not thrown: this is a measurement, not a test.
 */
const TARGETS: Record<string, number> = { check: 15, 'pay (new)': 40, 'pay (repeat)': 15 };
const CONCURRENCY = 10;
const N = Number(process.env.BENCH_N ?? 400);

async function main() {
  process.env.DATABASE_URL ??= 'postgresql://postgres:postgres@127.0.0.1:5432/fleet_bench';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.INTERNAL_JWT_SECRET ??= 'bench-only-internal-jwt-secret-0123456789';
  process.env.CREDENTIALS_KEYS ??= 'bench-1:IGDEYIWkW-0EiFR9V-qN6-d2EI87rkcy3E9acv2zG04';
  await resetDatabase(process.env.DATABASE_URL);

  const h = await startHarness({ env: { LOG_LEVEL: 'warn' } });
  try {
    const parkId = newParkId();
    const { linkUrl } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', {
      ipAllowList: ['127.0.0.1/32', '::1/128'],
    });
    const driver = { park_id: parkId, id: 'DRV-BENCH', display_name: 'Bench' };
    await seedDrivers(h.driverProfilesUrl, [driver]);
    await seedDrivers(h.billingUrl, [driver]);
    const get = async (url: string) => void (await (await fetch(url)).text());
    const pay = (txn: number) =>
      get(`${linkUrl}?command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV-BENCH&sum=1.00`);

    await measure(50, CONCURRENCY, () => get(`${h.externalUrl}/healthz`)); // warm-up
    const rssBefore = process.memoryUsage().rss;
    const rows: Array<[string, Summary, number?]> = [];
    const baseline = summarize((await measure(N, CONCURRENCY, () => get(`${h.externalUrl}/healthz`))).latencies);
    rows.push(['baseline (healthz)', baseline]);
    rows.push([
      'check',
      summarize(
        (
          await measure(N, CONCURRENCY, (i) =>
            get(`${linkUrl}?command=check&txn_id=${i + 1}&account=DRV-BENCH&sum=1.00`),
          )
        ).latencies,
      ),
    ]);
    const fresh = await measure(N, CONCURRENCY, (i) => pay(1_000_000 + i));
    rows.push(['pay (new)', summarize(fresh.latencies)]);
    rows.push(['pay (repeat)', summarize((await measure(N, CONCURRENCY, (i) => pay(1_000_000 + i))).latencies)]);

    const settleStart = performance.now();
    await eventually(
      () => h.sys.db.transaction.count({ where: { parkId, state: 'processed' } }),
      (n) => n === N,
      300_000,
      250,
    );
    const e2eSeconds = (fresh.wallMs + (performance.now() - settleStart)) / 1000;
    const rssAfter = process.memoryUsage().rss;

    console.log(
      `\nfleet-payment-systems bench: N=${N} per path, ${CONCURRENCY} in flight, QIWI provider protocol over real HTTP/Postgres/Temporal\n`,
    );
    console.log('path                 p50 ms   p95 ms   p99 ms   p50 ×baseline   target ×   ');
    for (const [name, s] of rows) {
      const ratio = s.p50 / baseline.p50;
      const target = TARGETS[name];
      const verdict = target === undefined ? '' : ratio <= target ? `≤ ${target}  ok` : `≤ ${target}  MISSED`;
      console.log(
        `${name.padEnd(20)} ${s.p50.toFixed(2).padStart(7)}  ${s.p95.toFixed(2).padStart(7)}  ${s.p99.toFixed(2).padStart(7)}   ${ratio.toFixed(1).padStart(12)}   ${verdict}`,
      );
    }
    console.log(
      `\nend to end: ${N} payments accepted and processed in ${e2eSeconds.toFixed(1)} s = ${(N / e2eSeconds).toFixed(1)} payments/s`,
    );
    console.log(
      `memory: RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB → ${(rssAfter / 2 ** 20).toFixed(0)} MiB over ${4 * N} calls (harness, worker and gateways in one process)`,
    );
  } finally {
    await h.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
