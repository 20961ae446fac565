import { Client } from 'pg';
import { ensureDatabase, resetDatabase } from '../storage/migrations';
import { createDb } from '../storage/prisma';
import { createProductMetricsStore, productMetricsStatements, type MetricsGroup } from '../storage/product-metrics';

/**
 * `npm run bench:ops-metrics`: seeds 1 000 000 transactions (BENCH_OPS_ROWS) over 90 days in 1 000 parks
 * (BENCH_OPS_PARKS), two wallets a park, into its own database (`fleet_bench_ops`), then times the ops product figures
 * (`GET /v1/ops/metrics`' store, all its queries) per groupBy over 1, 30 and 90 days: the median of RUNS, as a ratio
 * to a plain count of the same range in the same run, so machines compare. Ends with EXPLAIN (ANALYZE, BUFFERS) of
 * the slowest of the store's statements, JIT off as the store runs it, and its time with the server's JIT setting.
 * Nothing is asserted; the data is left for a look with psql.
 */
const ROWS = Number(process.env.BENCH_OPS_ROWS ?? 1_000_000);
const PARKS = Number(process.env.BENCH_OPS_PARKS ?? 1_000);
const RUNS = Number(process.env.BENCH_OPS_RUNS ?? 5);
const CHUNK = 100_000;
const DAYS = 90;
const DAY_MS = 86_400_000;
/** A fixed end, so runs seed the same rows and time the same ranges. */
const END = new Date('2026-11-01T00:00:00Z');
const GROUPS: MetricsGroup[] = ['day', 'psp', 'currency', 'all'];
const SPANS = [1, 30, 90];

/** Wallet k of park p: PSP and currency from these lists; ids derived, so transactions can name them without a join. */
const WALLET_PSPS = `ARRAY['qiwi_qvp','easypay','paystack','tbc','idram','uzpaynet','tellcell']`;
const WALLET_CURRENCIES = `ARRAY['RUB','UAH','NGN','GEL','AMD','UZS','AMD']`;
const walletOf = (p: string, k: string) => `md5('bench-wallet-' || ${p} || '-' || ${k})::uuid`;
const parkOf = (p: string) => `'bench-park-' || lpad(${p}::text, 4, '0')`;

async function seed(pg: Client) {
  // Every tenth wallet deleted: the wallets figure counts live ones only.
  await pg.query(`
    INSERT INTO wallets (id, park_id, psp, name, currency, updated_at, deleted_at)
    SELECT ${walletOf('p', 'k')}, ${parkOf('p')}, (${WALLET_PSPS})[1 + (p + k) % 7], 'Bench ' || p || '/' || k,
           (${WALLET_CURRENCIES})[1 + (p + k) % 7], now(), CASE WHEN (p * 2 + k) % 10 = 0 THEN now() END
    FROM generate_series(0, ${PARKS - 1}) AS p, generate_series(0, 1) AS k`);
  for (let from = 0; from < ROWS; from += CHUNK) {
    const to = Math.min(ROWS, from + CHUNK) - 1;
    // Park g % PARKS, its wallet (g / PARKS) % 2, 200 drivers a park; 80% processed, 12% accepted, 8% rejected;
    // created_at spread over the 90 days by a multiplicative hash of g, so neighbours in g are not neighbours in time.
    await pg.query(
      `INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, state,
                                 workflow_id, workflow_started, created_at, updated_at)
       SELECT ${parkOf('p')}, ${walletOf('p', 'k')}, (${WALLET_PSPS})[1 + (p + k) % 7], 'bench-' || g,
              'DRV' || ((g / $3) % 200), 100 + (g * 37) % 500000, (${WALLET_CURRENCIES})[1 + (p + k) % 7],
              (CASE WHEN s < 80 THEN 'processed' WHEN s < 92 THEN 'accepted' ELSE 'rejected' END)::transaction_state,
              'payment:bench:' || g, true, at, at
       FROM generate_series($1::int, $2::int) AS g,
            LATERAL (SELECT g % $3 AS p, (g / $3) % 2 AS k, (g / $3 + g) % 100 AS s,
                            $4::timestamptz - ((g::bigint * 2654435761) % ${DAYS * DAY_MS}) * interval '1 millisecond' AS at) AS x`,
      [from, to, PARKS, END],
    );
  }
  await pg.query('VACUUM ANALYZE transactions');
  await pg.query('VACUUM ANALYZE wallets');
}

async function median(body: () => Promise<unknown>): Promise<number> {
  await body(); // warm-up: plan cache, buffers
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await body();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
}

/** The plan with the partitions' scans after the first left out: 128 alike blocks would bury the rest. */
function summarise(lines: string[]): string[] {
  const out: string[] = [];
  let seen = 0;
  let skipDeeperThan = -1;
  for (const line of lines) {
    const indent = line.search(/\S/);
    if (skipDeeperThan >= 0 && indent > skipDeeperThan) continue;
    if (/-> {2}.*Scan .*on transactions_p\d{3}/.test(line) && seen++ > 0) {
      skipDeeperThan = indent;
      continue;
    }
    if (skipDeeperThan >= 0) out.push(`${' '.repeat(skipDeeperThan)}(… ${seen - 1} more partition scans like it)`);
    skipDeeperThan = -1;
    out.push(line);
  }
  return out;
}

async function main() {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/fleet_bench_ops';
  // The reset drops every table: only ever a benchmark's own database.
  if (!/bench/.test(new URL(url).pathname)) throw new Error('DATABASE_URL must name a bench database');
  await ensureDatabase(url);
  await resetDatabase(url);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const db = createDb(url);
  try {
    const seeding = performance.now();
    await seed(pg);
    const seeded = (await pg.query<{ n: string }>('SELECT count(*) AS n FROM transactions')).rows[0]!.n;
    console.log(
      `seeded ${seeded} transactions in ${PARKS} parks in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    const figures = createProductMetricsStore(db);
    console.log(`\nmedian of ${RUNS} runs; baseline: SELECT count(*) FROM transactions over the same range`);
    console.log('range      rows in range   baseline ms   groupBy    ms     ÷ baseline   groups');
    for (const days of SPANS) {
      const from = new Date(END.getTime() - days * DAY_MS);
      const count = async () =>
        (
          await pg.query<{ n: string }>(
            'SELECT count(*) AS n FROM transactions WHERE created_at >= $1 AND created_at < $2',
            [from, END],
          )
        ).rows[0]!.n;
      const base = await median(count);
      const inRange = await count();
      for (const group of GROUPS) {
        const ms = await median(() => figures(from, END, group));
        const n = (await figures(from, END, group)).groups.length;
        console.log(
          `${`${days} d`.padEnd(8)} ${inRange.padStart(15)}   ${base.toFixed(0).padStart(11)}   ${group.padEnd(8)} ` +
            `${ms.toFixed(0).padStart(6)}   ${(ms / base).toFixed(2).padStart(10)}   ${String(n).padStart(6)}`,
        );
      }
    }

    const from = new Date(END.getTime() - DAYS * DAY_MS);
    await pg.query('SET jit = off'); // as the store runs them
    let slowest = { name: '', sql: '', values: [] as unknown[], ms: 0 };
    for (const [name, statement] of Object.entries(productMetricsStatements(from, END, 'day'))) {
      const { text: sql, values } = statement;
      const ms = await median(() => pg.query(sql, values));
      if (ms > slowest.ms) slowest = { name, sql, values, ms };
    }
    console.log(
      `\nslowest statement: ${slowest.name}, groupBy=day over ${DAYS} d (median ${slowest.ms.toFixed(0)} ms)`,
    );
    const plan = await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`, slowest.values);
    for (const line of summarise(plan.rows.map((r) => r['QUERY PLAN']))) console.log(line);
    await pg.query('RESET jit');
    const jitMs = await median(() => pg.query(slowest.sql, slowest.values));
    console.log(`the same statement with the server's JIT setting: median ${jitMs.toFixed(0)} ms`);
  } finally {
    await pg.end();
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
