import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { createProductMetricsStore } from '../storage/product-metrics';
import { trackProductMetrics } from '../system/product-metrics';
import { newParkId, startHarness, type Harness } from '../testkit/harness';

// GET /v1/ops/metrics against rows seeded in a range no other test writes to: every figure equals what the seed
// says, and wallets per PSP equal a direct count.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: false });
  await seed();
});
afterAll(() => h?.close());

const OPS = { role: 'ops' as const, parkId: 'ops-console' };
const DAY1 = '2031-03-01';
const DAY2 = '2031-03-02';
const parks = [newParkId(), newParkId(), newParkId()];

interface Seeded {
  park: string;
  driver: string;
  psp: string;
  currency: string;
  state: 'accepted' | 'processed' | 'rejected';
  minor: bigint;
  day: string;
}
const rows: Seeded[] = [
  { park: parks[0]!, driver: 'D1', psp: 'qiwi_qvp', currency: 'RUB', state: 'processed', minor: 1045n, day: DAY1 },
  {
    park: parks[0]!,
    driver: 'D1',
    psp: 'qiwi_qvp',
    currency: 'RUB',
    state: 'processed',
    minor: 9_000_000_000_000n,
    day: DAY1,
  },
  { park: parks[0]!, driver: 'D2', psp: 'qiwi_qvp', currency: 'RUB', state: 'rejected', minor: 500n, day: DAY1 },
  { park: parks[1]!, driver: 'D1', psp: 'uzpaynet', currency: 'UZS', state: 'processed', minor: 150000n, day: DAY1 },
  { park: parks[1]!, driver: 'D3', psp: 'uzpaynet', currency: 'UZS', state: 'accepted', minor: 700n, day: DAY2 },
  { park: parks[2]!, driver: 'D4', psp: 'paystack', currency: 'NGN', state: 'processed', minor: 250000n, day: DAY2 },
  { park: parks[2]!, driver: 'D5', psp: 'paystack', currency: 'USD', state: 'processed', minor: 100n, day: DAY2 },
];

async function seed() {
  for (const [i, r] of rows.entries()) {
    const at = new Date(`${r.day}T${String(10 + i).padStart(2, '0')}:00:00Z`);
    await h.sys.db.$executeRaw`
      INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, state, workflow_id, created_at, updated_at)
      VALUES (${r.park}, ${randomUUID()}::uuid, ${r.psp}, ${`m-${i}`}, ${r.driver}, ${r.minor}, ${r.currency},
              ${r.state}::transaction_state, ${`metrics-test:${i}`}, ${at}, ${at})`;
  }
}

/** The figures the seed implies for one group, computed here without SQL. */
function expected(key: (r: Seeded) => string) {
  const groups = new Map<string, Seeded[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, rs]) => {
      const credited = rs.filter((r) => r.state === 'processed');
      const turnover: Record<string, bigint> = {};
      for (const r of credited) turnover[r.currency] = (turnover[r.currency] ?? 0n) + r.minor;
      const byState: Record<string, number> = {};
      for (const r of rs) byState[r.state] = (byState[r.state] ?? 0) + 1;
      return {
        key: k,
        transactionsByState: byState,
        turnoverMinor: Object.fromEntries(Object.entries(turnover).map(([c, m]) => [c, m.toString()])),
        activeDrivers: new Set(credited.map((r) => `${r.park}/${r.driver}`)).size,
        activeParks: new Set(credited.map((r) => r.park)).size,
      };
    });
}

const metrics = (groupBy: string, from = `${DAY1}T00:00:00Z`, to = '2031-03-03T00:00:00Z') =>
  h.api('GET', `/v1/ops/metrics?from=${from}&to=${to}&groupBy=${groupBy}`, undefined, OPS);

it.each([
  ['day', (r: Seeded) => r.day],
  ['psp', (r: Seeded) => r.psp],
  ['currency', (r: Seeded) => r.currency],
])('grouped by %s, the figures are the seed’s, to the minor unit', async (groupBy, key) => {
  const res = await metrics(groupBy);
  expect(res.status).toBe(200);
  expect(res.body.groups).toEqual(expected(key));
});

it('the range is [from, to): a payment at `to` is left out', async () => {
  // The seed's DAY2 rows were created at 14:00 (accepted), 15:00 and 16:00 (processed).
  const res = await metrics('day', `${DAY2}T14:00:00Z`, `${DAY2}T15:00:00Z`);
  expect(res.body.groups).toEqual([
    { key: DAY2, transactionsByState: { accepted: 1 }, turnoverMinor: {}, activeDrivers: 0, activeParks: 0 },
  ]);
});

it('wallets per PSP equal a direct count of live wallets', async () => {
  const count = async () =>
    Object.fromEntries(
      (
        await h.sys.db.$queryRaw<Array<{ psp: string; n: bigint }>>`
          SELECT psp, count(*) AS n FROM wallets WHERE deleted_at IS NULL GROUP BY psp`
      ).map((w) => [w.psp, Number(w.n)]),
    );
  const before = await count();
  const res = await metrics('psp');
  expect(res.body.walletsByPsp).toEqual(before);
  expect(await count()).toEqual(before);
});

it('is for ops only', async () => {
  const res = await h.api('GET', `/v1/ops/metrics?from=${DAY1}T00:00:00Z&to=${DAY2}T00:00:00Z`, undefined, parks[0]);
  expect(res.status).toBe(403);
});

it('the Prometheus gauges hold the same figures for the 24 hours before a refresh', async () => {
  const registry = new Registry();
  const gauges = trackProductMetrics(registry, createProductMetricsStore(h.sys.db), h.sys.log);
  try {
    // 24 hours back from 16:30 on DAY2 reaches DAY2's rows only (DAY1's were created before 14:00).
    await gauges.refresh(new Date(`${DAY2}T16:30:00Z`));
    const values = async (name: string) =>
      Object.fromEntries(
        (await registry.getSingleMetric(name)!.get()).values.map((v) => [
          Object.values(v.labels).join() || '-',
          v.value,
        ]),
      );
    expect(await values('product_transactions')).toEqual({ accepted: 1, processed: 2 });
    expect(await values('product_turnover_minor')).toEqual({ NGN: 250000, USD: 100 });
    expect(await values('product_active_drivers')).toEqual({ '-': 2 });
    expect(await values('product_active_parks')).toEqual({ '-': 1 });
    expect(await values('product_wallets')).toEqual((await metrics('psp')).body.walletsByPsp);
  } finally {
    gauges.stop();
  }
});
