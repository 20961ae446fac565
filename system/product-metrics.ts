import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { ProductMetricsStore } from '../storage/product-metrics';

/** The product figures cover a scan of a day's rows: refreshed this often, not on every scrape. */
export const PRODUCT_METRICS_INTERVAL_MS = 60_000;
const WINDOW_MS = 24 * 3600_000;

/**
 * The ops metrics route's figures over the last 24 hours as gauges (labels: state, currency, PSP only), recomputed
 * on an interval so a scrape never waits for the aggregate. Returns the refresh (tests call it) and a stop.
 */
export function trackProductMetrics(registry: Registry, figures: ProductMetricsStore, log: Logger) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const transactions = gauge('product_transactions', 'Transactions created in the last 24 h, by state', ['state']);
  const turnover = gauge('product_turnover_minor', 'Credited amount in the last 24 h, minor units', ['currency']);
  const wallets = gauge('product_wallets', 'Live wallets, by PSP', ['psp']);
  const drivers = gauge('product_active_drivers', 'Drivers with a credited payment in the last 24 h', []);
  const parks = gauge('product_active_parks', 'Parks with a credited payment in the last 24 h', []);

  async function refresh(now = new Date()): Promise<void> {
    try {
      const { groups, walletsByPsp } = await figures(new Date(now.getTime() - WINDOW_MS), now, 'all');
      const day = groups[0];
      transactions.reset();
      for (const [state, n] of Object.entries(day?.transactionsByState ?? {})) transactions.set({ state }, n);
      turnover.reset();
      // A gauge is a float: exact up to 2^53 minor units, far above a day's turnover in one currency.
      for (const [currency, minor] of Object.entries(day?.turnoverMinor ?? {}))
        turnover.set({ currency }, Number(minor));
      wallets.reset();
      for (const [psp, n] of Object.entries(walletsByPsp)) wallets.set({ psp }, n);
      drivers.set(day?.activeDrivers ?? 0);
      parks.set(day?.activeParks ?? 0);
    } catch (err) {
      // The other metrics still answer; these keep their last values until the next refresh.
      log.warn({ err }, 'could not refresh the product metrics');
    }
  }

  const timer = setInterval(() => void refresh(), PRODUCT_METRICS_INTERVAL_MS);
  timer.unref();
  void refresh();
  return { refresh, stop: () => clearInterval(timer) };
}
