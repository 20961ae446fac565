import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { isSupportedCurrency } from '../domain/money';
import {
  amountMinor,
  currency,
  HttpRefusal,
  parse,
  sameRequest,
  serve,
  type StandIn,
  type StandInService,
} from './faults';

/** fleet-transactions-api: the park's record of a transaction, at most once per X-Idempotency-Token. */

const transactionRequest = z.object({
  driver_id: z.string().min(1).max(64),
  amount_minor: amountMinor,
  currency,
  category: z.enum(['partner_service_payment', 'partner_service_payment_reversal']),
  description: z.string().max(1000),
  event_at: z.iso.datetime({ offset: true }),
});
const token = z.string().min(1).max(255);

type Recorded = z.infer<typeof transactionRequest> & { park_id: string };

interface Transaction {
  request: Recorded;
  id: string;
  token: string;
  recordedAt: string;
}

export function createFleetTransactions(): StandInService {
  const transactions = new Map<string, Transaction>();
  const requests = new Map<string, number>();

  const routes = express.Router();
  routes.post('/v1/parks/:parkId/transactions', (req, res) => {
    const idempotencyToken = parse(token, req.get('x-idempotency-token'));
    const body = parse(transactionRequest, req.body);
    // Tokens are global, not per park; the instant is compared, not its spelling.
    const request = { ...body, park_id: req.params.parkId, event_at: new Date(body.event_at).toISOString() };
    const previous = transactions.get(idempotencyToken);
    if (previous) {
      if (!sameRequest(previous.request, request)) {
        throw new HttpRefusal(409, 'idempotency_conflict', 'X-Idempotency-Token already used with a different request');
      }
      res.json({ id: previous.id });
      return;
    }
    if (!isSupportedCurrency(request.currency))
      throw new HttpRefusal(422, 'unsupported_currency', 'currency not supported');
    const transaction = { request, id: randomUUID(), token: idempotencyToken, recordedAt: new Date().toISOString() };
    transactions.set(idempotencyToken, transaction);
    res.json({ id: transaction.id });
  });

  return {
    routes,
    observe(req) {
      const key = req.get('x-idempotency-token');
      if (req.method === 'POST' && key !== undefined) requests.set(key, (requests.get(key) ?? 0) + 1);
    },
    state: () => ({
      records: [...transactions.values()].map((t) => ({
        ...t.request,
        id: t.id,
        idempotency_token: t.token,
        recorded_at: t.recordedAt,
      })),
      requests: Object.fromEntries(requests),
    }),
    reset() {
      transactions.clear();
      requests.clear();
    },
  };
}

export function startFleetTransactions(port = 0, opts: { host?: string } = {}): Promise<StandIn> {
  return serve(createFleetTransactions(), port, opts.host);
}
