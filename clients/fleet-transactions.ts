import { z } from 'zod';
import { jsonHttp, type NeighbourOptions } from './http';

/** fleet-transactions-api keeps the park's record of a payment; the token makes a repeat return the first record. */

export type FleetTransactionCategory = 'partner_service_payment' | 'partner_service_payment_reversal';

export interface TransactionRecord {
  /** A top-up, or the reversal of one the PSP cancelled after it was credited (default: a top-up). */
  category?: FleetTransactionCategory;
  parkId: string;
  driverId: string;
  amountMinor: bigint;
  currency: string;
  description: string;
  eventAt: Date;
  /** Derived from our transaction, never per attempt. */
  idempotencyKey: string;
}

export interface FleetTransactionsClient {
  record(req: TransactionRecord): Promise<{ id: string }>;
}

const recordAnswer = z.object({ id: z.string().min(1) });

export function createFleetTransactionsClient(opts: NeighbourOptions): FleetTransactionsClient {
  const http = jsonHttp('fleet-transactions', opts);
  return {
    record: (req) =>
      http.send(
        {
          method: 'POST',
          path: `/v1/parks/${encodeURIComponent(req.parkId)}/transactions`,
          headers: { 'x-idempotency-token': req.idempotencyKey },
          body: {
            driver_id: req.driverId,
            amount_minor: req.amountMinor.toString(),
            currency: req.currency,
            category: req.category ?? 'partner_service_payment',
            description: req.description,
            event_at: req.eventAt.toISOString(),
          },
        },
        recordAnswer,
      ),
  };
}
