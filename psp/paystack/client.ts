import { z } from 'zod';
import { NeighbourProtocolError } from '../../clients/errors';
import { jsonHttp, type NeighbourOptions } from '../../clients/http';

/** A transaction as Paystack's verify reports it; `amountMinor` is Paystack's subunit amount, exactly. */
export interface PaystackTransaction {
  status: string;
  reference: string;
  amountMinor: bigint;
  currency: string;
  metadata: unknown;
}

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

/**
 * Paystack's REST API with the merchant's secret key (psp/paystack/README.md). Failures are typed like every
 * neighbour's: unreachable, 5xx, 408, 429 → NeighbourUnavailableError (retry); a bad key (401) → protocol error.
 */
export function createPaystackClient(options: NeighbourOptions) {
  const http = jsonHttp('paystack', options);
  return {
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
