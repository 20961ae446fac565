import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { isSupportedCurrency } from '../domain/money';
import {
  amountMinor,
  currency,
  driverKey,
  HttpRefusal,
  parse,
  sameRequest,
  serve,
  type DriverSeed,
  type StandIn,
  type StandInService,
} from './faults';

/** Billing: credits a driver's balance, at most once per idempotency key. Contract in docs/neighbours.md. */

const creditRequest = z.object({
  park_id: z.string().min(1).max(64),
  driver_id: z.string().min(1).max(64),
  amount_minor: amountMinor,
  currency,
  idempotency_key: z.string().min(1).max(255),
  description: z.string().max(1000),
});
type CreditRequest = z.infer<typeof creditRequest>;

const reversalRequest = z.object({
  credit_idempotency_key: z.string().min(1).max(255),
  idempotency_key: z.string().min(1).max(255),
  description: z.string().max(1000),
});
type ReversalRequest = z.infer<typeof reversalRequest>;

interface Account {
  driver: DriverSeed;
  balance: bigint;
  currency?: string;
}

interface Credit {
  request: CreditRequest;
  creditId: string;
  balanceAfter: bigint;
  appliedAt: string;
}

interface Reversal {
  request: ReversalRequest;
  reversalId: string;
  balanceAfter: bigint;
}

const answer = (c: Credit) => ({ credit_id: c.creditId, status: 'applied', balance_minor: c.balanceAfter.toString() });

export function createBilling(startDrivers: DriverSeed[] = []): StandInService {
  const accounts = new Map<string, Account>();
  const credits = new Map<string, Credit>();
  const requests = new Map<string, number>();
  const reversals = new Map<string, Reversal>();
  const reversed = new Map<string, string>();

  const seedDrivers = (drivers: DriverSeed[]) => {
    for (const driver of drivers) {
      const key = driverKey(driver.parkId, driver.id);
      const existing = accounts.get(key);
      accounts.set(key, { driver, balance: existing?.balance ?? 0n, currency: existing?.currency ?? driver.currency });
    }
  };

  /** The account to credit, or the business refusal. */
  function creditable(body: CreditRequest): Account {
    const account = accounts.get(driverKey(body.park_id, body.driver_id));
    if (!account) throw new HttpRefusal(422, 'unknown_driver', 'no such driver in this park');
    if (account.driver.blocked) throw new HttpRefusal(422, 'driver_blocked', 'the driver is blocked');
    if (!isSupportedCurrency(body.currency))
      throw new HttpRefusal(422, 'unsupported_currency', 'currency not supported');
    if (account.currency !== undefined && account.currency !== body.currency) {
      throw new HttpRefusal(422, 'currency_mismatch', `the balance is in ${account.currency}`);
    }
    return account;
  }

  const routes = express.Router();
  routes.post('/v1/credits', (req, res) => {
    const body = parse(creditRequest, req.body);
    const previous = credits.get(body.idempotency_key);
    if (previous) {
      if (!sameRequest(previous.request, body)) {
        throw new HttpRefusal(409, 'idempotency_conflict', 'idempotency_key already used with a different request');
      }
      res.json(answer(previous));
      return;
    }
    // Refusals are not remembered: the key stays free for a later, valid credit.
    const account = creditable(body);
    account.currency = body.currency;
    account.balance += BigInt(body.amount_minor);
    const credit = {
      request: body,
      creditId: randomUUID(),
      balanceAfter: account.balance,
      appliedAt: new Date().toISOString(),
    };
    credits.set(body.idempotency_key, credit);
    res.json(answer(credit));
  });
  // Takes a credit back (the PSP cancelled the payment); the balance may go below zero, as billing allows.
  routes.post('/v1/reversals', (req, res) => {
    const body = parse(reversalRequest, req.body);
    const previous = reversals.get(body.idempotency_key);
    if (previous) {
      if (!sameRequest(previous.request, body)) {
        throw new HttpRefusal(409, 'idempotency_conflict', 'idempotency_key already used with a different request');
      }
      res.json({
        reversal_id: previous.reversalId,
        status: 'applied',
        balance_minor: previous.balanceAfter.toString(),
      });
      return;
    }
    const credit = credits.get(body.credit_idempotency_key);
    if (!credit) throw new HttpRefusal(422, 'credit_not_found', 'no credit with that idempotency key');
    if (reversed.has(body.credit_idempotency_key))
      throw new HttpRefusal(409, 'already_reversed', 'that credit was reversed already');
    const account = accounts.get(driverKey(credit.request.park_id, credit.request.driver_id))!;
    account.balance -= BigInt(credit.request.amount_minor);
    const reversal = { request: body, reversalId: randomUUID(), balanceAfter: account.balance };
    reversals.set(body.idempotency_key, reversal);
    reversed.set(body.credit_idempotency_key, body.idempotency_key);
    res.json({ reversal_id: reversal.reversalId, status: 'applied', balance_minor: reversal.balanceAfter.toString() });
  });
  routes.get('/v1/accounts/:parkId/:driverId', (req, res) => {
    const account = accounts.get(driverKey(req.params.parkId, req.params.driverId));
    if (!account) throw new HttpRefusal(404, 'not_found', 'no such driver in this park');
    res.json({ blocked: account.driver.blocked ?? false, currency: account.currency ?? null });
  });
  routes.get('/v1/balances/:parkId/:driverId', (req, res) => {
    const account = accounts.get(driverKey(req.params.parkId, req.params.driverId));
    if (account?.currency === undefined) throw new HttpRefusal(404, 'not_found', 'no balance for this driver');
    res.json({ balance_minor: account.balance.toString(), currency: account.currency });
  });

  // The balance as billing holds it, past any fault: tests compare it with the credits and reversals they see.
  const control = express.Router();
  control.get('/balances/:parkId/:driverId', (req, res) => {
    const account = accounts.get(driverKey(req.params.parkId, req.params.driverId));
    if (!account) throw new HttpRefusal(404, 'not_found', 'no such driver in this park');
    res.json({ balance_minor: account.balance.toString(), currency: account.currency ?? null });
  });

  seedDrivers(startDrivers);
  return {
    routes,
    control,
    seedDrivers,
    observe(req) {
      const key: unknown = (req.body as { idempotency_key?: unknown } | undefined)?.idempotency_key;
      if (
        req.method === 'POST' &&
        (req.path === '/v1/credits' || req.path === '/v1/reversals') &&
        typeof key === 'string'
      ) {
        requests.set(key, (requests.get(key) ?? 0) + 1);
      }
    },
    state: () => ({
      credits: [...credits.values()].map((c) => ({
        ...c.request,
        credit_id: c.creditId,
        balance_after_minor: c.balanceAfter.toString(),
        applied_at: c.appliedAt,
      })),
      requests: Object.fromEntries(requests),
      reversals: [...reversals.values()].map((r) => ({
        ...r.request,
        reversal_id: r.reversalId,
        balance_after_minor: r.balanceAfter.toString(),
      })),
    }),
    reset() {
      accounts.clear();
      credits.clear();
      requests.clear();
      reversals.clear();
      reversed.clear();
      seedDrivers(startDrivers);
    },
  };
}

export function startBilling(port = 0, opts: { host?: string; drivers?: DriverSeed[] } = {}): Promise<StandIn> {
  return serve(createBilling(opts.drivers), port, opts.host);
}
