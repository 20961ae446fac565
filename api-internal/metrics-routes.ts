import { z } from 'zod';
import type { ProductMetricsStore } from '../storage/product-metrics';
import { operation, type Operation } from './operations';

export interface MetricsRoutesDeps {
  productMetrics: ProductMetricsStore;
}

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant, e.g. 2026-11-01T00:00:00Z');
const count = z.number().int();
const figuresSchema = z.object({
  groups: z.array(
    z.object({
      key: z.string().describe('the day (YYYY-MM-DD, UTC), the PSP code or the currency'),
      transactionsByState: z.record(z.string(), count),
      turnoverMinor: z.record(z.string(), z.string()).describe('credited amount per currency, minor units'),
      activeDrivers: count.describe('drivers with a credited payment in the range'),
      activeParks: count.describe('parks with a credited payment in the range'),
    }),
  ),
  walletsByPsp: z.record(z.string(), count).describe('live wallets per PSP now'),
});

/** The product card's figures for ops: transactions, turnover, wallets per PSP, active drivers and parks. */
export function metricsOperations({ productMetrics }: MetricsRoutesDeps): Operation[] {
  return [
    operation({
      tag: 'ops',
      access: 'ops',
      id: 'getProductMetrics',
      method: 'get',
      path: '/v1/ops/metrics',
      summary:
        'Transactions by state, turnover per currency, wallets per PSP, active drivers and parks over [from, to)',
      query: z.strictObject({
        from: instant.describe('created at or after (inclusive)'),
        to: instant.describe('created before (exclusive)'),
        groupBy: z.enum(['day', 'psp', 'currency']).default('day'),
      }),
      responses: { 200: { description: 'the figures', schema: figuresSchema } },
      async handle({ query }, _req, res) {
        const figures = await productMetrics(new Date(query.from), new Date(query.to), query.groupBy);
        res.json({
          groups: figures.groups.map((g) => ({
            ...g,
            turnoverMinor: Object.fromEntries(Object.entries(g.turnoverMinor).map(([c, m]) => [c, m.toString()])),
          })),
          walletsByPsp: figures.walletsByPsp,
        });
      },
    }),
  ];
}
