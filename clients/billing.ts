import { z } from 'zod';
import { jsonHttp, type NeighbourOptions } from './http';

/** Billing credits a driver's balance; the idempotency key makes a repeat return the first credit, not a second one. */

export interface CreditRequest {
  parkId: string;
  driverId: string;
  amountMinor: bigint;
  currency: string;
  /** Derived from our transaction, never per attempt. */
  idempotencyKey: string;
  description: string;
}

export interface ReversalRequest {
  /** The idempotency key of the credit to take back. */
  creditIdempotencyKey: string;
  idempotencyKey: string;
  description: string;
}

export interface Credit {
  creditId: string;
  balanceMinor: bigint;
}

export interface Balance {
  balanceMinor: bigint;
  currency: string;
}

/** What billing would make of a credit before one is sent: a blocked driver or another currency is refused. */
export interface DriverAccount {
  blocked: boolean;
  /** null until the first credit fixes it. */
  currency: string | null;
}

export interface BillingClient {
  credit(req: CreditRequest): Promise<Credit>;
  /** Takes a credit back; 409 `already_reversed` and 422 `credit_not_found` are final refusals. */
  reverse(req: ReversalRequest): Promise<{ reversalId: string; balanceMinor: bigint }>;
  /** null when billing holds no balance for the driver. */
  balance(parkId: string, driverId: string): Promise<Balance | null>;
  /** null when billing does not know the driver in this park. */
  account(parkId: string, driverId: string): Promise<DriverAccount | null>;
}

const minor = z
  .string()
  .regex(/^-?\d+$/)
  .transform((s) => BigInt(s));
const creditAnswer = z
  .object({ credit_id: z.string().min(1), status: z.literal('applied'), balance_minor: minor })
  .transform((a) => ({ creditId: a.credit_id, balanceMinor: a.balance_minor }));
const reversalAnswer = z
  .object({ reversal_id: z.string().min(1), status: z.literal('applied'), balance_minor: minor })
  .transform((a) => ({ reversalId: a.reversal_id, balanceMinor: a.balance_minor }));
const balanceAnswer = z
  .object({ balance_minor: minor, currency: z.string() })
  .transform((a) => ({ balanceMinor: a.balance_minor, currency: a.currency }));

const accountAnswer = z.object({ blocked: z.boolean(), currency: z.string().nullable() });

export function createBillingClient(opts: NeighbourOptions): BillingClient {
  const http = jsonHttp('billing', opts);
  return {
    credit: (req) =>
      http.send(
        {
          method: 'POST',
          path: '/v1/credits',
          body: {
            park_id: req.parkId,
            driver_id: req.driverId,
            amount_minor: req.amountMinor.toString(),
            currency: req.currency,
            idempotency_key: req.idempotencyKey,
            description: req.description,
          },
        },
        creditAnswer,
      ),
    reverse: (req) =>
      http.send(
        {
          method: 'POST',
          path: '/v1/reversals',
          body: {
            credit_idempotency_key: req.creditIdempotencyKey,
            idempotency_key: req.idempotencyKey,
            description: req.description,
          },
        },
        reversalAnswer,
      ),
    balance: (parkId, driverId) =>
      http.find(
        { method: 'GET', path: `/v1/balances/${encodeURIComponent(parkId)}/${encodeURIComponent(driverId)}` },
        balanceAnswer,
      ),
    account: (parkId, driverId) =>
      http.find(
        { method: 'GET', path: `/v1/accounts/${encodeURIComponent(parkId)}/${encodeURIComponent(driverId)}` },
        accountAnswer,
      ),
  };
}
