import { z } from 'zod';
import { NeighbourProtocolError, NeighbourRejectedError } from '../../clients/errors';
import { jsonHttp, type NeighbourOptions } from '../../clients/http';

/** A transaction as Paystack's verify reports it; `amountMinor` is Paystack's subunit amount, exactly. */
export interface PaystackTransaction {
  status: string;
  reference: string;
  amountMinor: bigint;
  currency: string;
  metadata: unknown;
}

export interface NewCheckout {
  /** Paystack requires the payer's email. */
  email: string;
  amountMinor: bigint;
  currency: string;
  /** Ours: the invoice id, so the webhook and verify name our record. */
  reference: string;
}

export type InitializeAnswer =
  { ok: true; authorizationUrl: string; reference: string } | { ok: false; status: number; message: string };

export type VerifyAnswer = { found: true; transaction: PaystackTransaction } | { found: false };

const verifyAnswer = z.object({
  status: z.literal(true),
  data: z.object({
    status: z.string(),
    reference: z.string(),
    amount: z.number().int().nonnegative().refine(Number.isSafeInteger),
    currency: z.string(),
    metadata: z.unknown().optional(),
  }),
});

const initializeAnswer = z.object({
  status: z.literal(true),
  data: z.object({ authorization_url: z.string().url(), reference: z.string() }),
});

/**
 * Paystack's REST API with the merchant's secret key (psp/paystack/README.md). Failures are typed like every
 * neighbour's: unreachable, 5xx, 408, 429 → NeighbourUnavailableError (retry); a bad key (401) → protocol error.
 */
export function createPaystackClient(options: NeighbourOptions) {
  const http = jsonHttp('paystack', options);
  return {
    /**
     * POST /transaction/initialize. A 4xx (bad key, duplicate reference, currency not enabled) is Paystack's final
     * word, returned with its message for the driver; unreachable and 5xx throw like every neighbour's.
     */
    async initializeTransaction(secretKey: string, checkout: NewCheckout): Promise<InitializeAnswer> {
      const call = {
        method: 'POST' as const,
        path: '/transaction/initialize',
        headers: { authorization: `Bearer ${secretKey}` },
        body: {
          email: checkout.email,
          amount: Number(checkout.amountMinor),
          currency: checkout.currency,
          reference: checkout.reference,
        },
      };
      try {
        const { data } = await http.send(call, initializeAnswer);
        return { ok: true, authorizationUrl: data.authorization_url, reference: data.reference };
      } catch (err) {
        if ((err instanceof NeighbourProtocolError || err instanceof NeighbourRejectedError) && err.status)
          return { ok: false, status: err.status, message: err.message };
        throw err;
      }
    },

    /** GET /transaction/verify/:reference. Paystack answers an unknown reference with 400 (404 accepted too). */
    async verifyTransaction(secretKey: string, reference: string): Promise<VerifyAnswer> {
      const call = {
        method: 'GET' as const,
        path: `/transaction/verify/${encodeURIComponent(reference)}`,
        headers: { authorization: `Bearer ${secretKey}` },
      };
      try {
        const { data } = await http.send(call, verifyAnswer);
        return {
          found: true,
          transaction: {
            status: data.status,
            reference: data.reference,
            amountMinor: BigInt(data.amount),
            currency: data.currency,
            metadata: data.metadata,
          },
        };
      } catch (err) {
        if (err instanceof NeighbourProtocolError && (err.status === 400 || err.status === 404))
          return { found: false };
        throw err;
      }
    },
  };
}

export type PaystackClient = ReturnType<typeof createPaystackClient>;
