import { Prisma } from '../generated/prisma/client';
import type { Db } from './prisma';

/** `all`: one group over the whole range (distinct drivers and parks are not a sum of groups). */
export type MetricsGroup = 'day' | 'psp' | 'currency' | 'all';

/** One figure of a group: `key` is the day (YYYY-MM-DD, UTC), the PSP code or the currency. */
export interface GroupFigures {
  key: string;
  transactionsByState: Record<string, number>;
  /** Credited (processed) amounts per currency, integer minor units. */
  turnoverMinor: Record<string, bigint>;
  /** Drivers and parks with at least one credited payment in the range. */
  activeDrivers: number;
  activeParks: number;
}

export interface ProductFigures {
  groups: GroupFigures[];
  /** Live (not deleted) wallets per PSP now: wallets are not events, so the range does not apply. */
  walletsByPsp: Record<string, number>;
}

const KEY: Record<MetricsGroup, Prisma.Sql> = {
  day: Prisma.sql`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  psp: Prisma.sql`psp`,
  currency: Prisma.sql`currency::text`,
  all: Prisma.sql`'all'::text`,
};

/** The three aggregate statements over transactions, as the store runs them (the benchmark EXPLAINs the same). */
export function productMetricsStatements(from: Date, to: Date, groupBy: MetricsGroup) {
  const key = KEY[groupBy];
  const range = Prisma.sql`created_at >= ${from} AND created_at < ${to}`;
  return {
    states: Prisma.sql`
      SELECT ${key} AS key, state::text AS state, count(*) AS n FROM transactions WHERE ${range} GROUP BY 1, 2`,
    turnover: Prisma.sql`
      SELECT ${key} AS key, currency::text AS currency, sum(amount_minor)::text AS minor
      FROM transactions WHERE ${range} AND state = 'processed' GROUP BY 1, 2`,
    active: Prisma.sql`
      SELECT key, count(*) AS drivers, count(DISTINCT park_id) AS parks
      FROM (SELECT DISTINCT ${key} AS key, park_id, driver_id FROM transactions
            WHERE ${range} AND state = 'processed') AS d
      GROUP BY key`,
  };
}

/**
 * The product card's figures over [from, to). Three aggregate scans of the range, whatever the number of parks: the
 * (park_id, created_at) index cannot serve a query across parks, so a wide range reads the partitions' rows once each.
 * Each runs with JIT off: compiling a plan over 128 partitions cost seconds, several times the query itself
 * (`npm run bench:ops-metrics`, 1,000,000 rows). Active drivers are counted over distinct (key, park, driver) rows,
 * which the planner can hash in parallel, rather than by count(DISTINCT (park_id, driver_id)), which sorted every
 * group's rows and compared them as records: 1.5-5 times faster there.
 */
export function createProductMetricsStore(db: Db) {
  // SET LOCAL lasts for its transaction only: the pooled connection goes back with the server's default.
  const withoutJit = async <T>(query: Prisma.PrismaPromise<T>): Promise<T> =>
    (await db.$transaction([db.$executeRaw`SET LOCAL jit = off`, query]))[1];
  return async function figures(from: Date, to: Date, groupBy: MetricsGroup): Promise<ProductFigures> {
    const statements = productMetricsStatements(from, to, groupBy);
    const [states, turnover, active, wallets] = await Promise.all([
      withoutJit(db.$queryRaw<Array<{ key: string; state: string; n: bigint }>>(statements.states)),
      withoutJit(db.$queryRaw<Array<{ key: string; currency: string; minor: string }>>(statements.turnover)),
      withoutJit(db.$queryRaw<Array<{ key: string; drivers: bigint; parks: bigint }>>(statements.active)),
      db.$queryRaw<Array<{ psp: string; n: bigint }>>`
        SELECT psp, count(*) AS n FROM wallets WHERE deleted_at IS NULL GROUP BY psp`,
    ]);
    const groups = new Map<string, GroupFigures>();
    const group = (k: string) => {
      let g = groups.get(k);
      if (!g) {
        g = { key: k, transactionsByState: {}, turnoverMinor: {}, activeDrivers: 0, activeParks: 0 };
        groups.set(k, g);
      }
      return g;
    };
    for (const r of states) group(r.key).transactionsByState[r.state] = Number(r.n);
    for (const r of turnover) group(r.key).turnoverMinor[r.currency] = BigInt(r.minor);
    for (const r of active)
      Object.assign(group(r.key), { activeDrivers: Number(r.drivers), activeParks: Number(r.parks) });
    return {
      groups: [...groups.values()].sort((a, b) => a.key.localeCompare(b.key)),
      walletsByPsp: Object.fromEntries(wallets.map((w) => [w.psp, Number(w.n)])),
    };
  };
}

export type ProductMetricsStore = ReturnType<typeof createProductMetricsStore>;
