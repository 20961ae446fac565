import express from 'express';
import { z } from 'zod';
import { currency, parse, serve, type StandIn, type StandInService } from '../../stand-ins/faults';

/**
 * Paystack's API as documented (psp/paystack/README.md): `GET /transaction/verify/:reference` with the merchant's
 * `Authorization: Bearer sk_…`. Every merchant (wallet) has its own key; a test seeds transactions under a key with
 * `POST /_control/transactions`; `POST /transaction/initialize` opens a checkout that `POST /_control/transactions/pay`
 * pays as the payer would. Unknown key → 401, unknown reference (for that key) → 400, a reference initialized before
 * → 400 "Duplicate Transaction Reference", as Paystack answers.
 */

const seedSchema = z.strictObject({
  secret_key: z.string().min(1),
  reference: z.string().min(1).max(100),
  amount: z.number().int().nonnegative(),
  currency,
  status: z.enum(['success', 'failed', 'abandoned', 'ongoing', 'pending', 'reversed']).default('success'),
  metadata: z.record(z.string(), z.unknown()).default({}),
  paid_at: z.iso.datetime().optional(),
});
type Seeded = z.infer<typeof seedSchema> & { id: number };
const initializeSchema = z.object({
  email: z.string().email(),
  amount: z.number().int().positive(),
  currency,
  reference: z.string().regex(/^[\w.=-]{1,100}$/),
});
const paySchema = z.strictObject({
  reference: z.string().min(1),
  amount: z.number().int().positive().optional(),
  status: z.enum(['success', 'failed', 'abandoned', 'reversed']).default('success'),
});

const key = (secretKey: string, reference: string) => JSON.stringify([secretKey, reference]);
const bearer = (header: string | undefined) => /^Bearer (\S+)$/.exec(header ?? '')?.[1];

export function createPaystack(): StandInService {
  const transactions = new Map<string, Seeded>();
  const keys = new Set<string>();
  const verifications = new Map<string, number>();
  let nextId = 1;
  /** Initializes still to apply and then drop the connection on: "Paystack made the checkout, its answer was lost". */
  let answersToLose = 0;

  const routes = express.Router();
  // Keys are created in Paystack's dashboard; here any `sk_` key a test uses is one.
  routes.post('/transaction/initialize', express.json(), (req, res) => {
    const secretKey = bearer(req.get('authorization'));
    if (!secretKey?.startsWith('sk_')) return void res.status(401).json({ status: false, message: 'Invalid key' });
    const body = initializeSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ status: false, message: 'Invalid parameters' });
    const { reference, amount } = body.data;
    if (transactions.has(key(secretKey, reference)))
      return void res.status(400).json({ status: false, message: 'Duplicate Transaction Reference' });
    keys.add(secretKey);
    const id = nextId++;
    // Until the payer pays, verify reports the checkout `abandoned` (what Paystack shows for an unpaid one).
    transactions.set(key(secretKey, reference), {
      secret_key: secretKey,
      reference,
      amount,
      currency: body.data.currency,
      status: 'abandoned',
      metadata: {},
      id,
    });
    if (answersToLose > 0) {
      answersToLose -= 1;
      return void req.socket.destroy();
    }
    const accessCode = `ac_${id.toString(36)}`;
    res.json({
      status: true,
      message: 'Authorization URL created',
      data: { authorization_url: `https://checkout.paystack.com/${accessCode}`, access_code: accessCode, reference },
    });
  });
  routes.get('/transaction/verify/:reference', (req, res) => {
    const secretKey = bearer(req.get('authorization'));
    if (!secretKey || !keys.has(secretKey)) return void res.status(401).json({ status: false, message: 'Invalid key' });
    const reference = String(req.params.reference);
    verifications.set(reference, (verifications.get(reference) ?? 0) + 1);
    const t = transactions.get(key(secretKey, reference));
    if (!t) return void res.status(400).json({ status: false, message: 'Transaction reference not found' });
    res.json({
      status: true,
      message: 'Verification successful',
      data: {
        id: t.id,
        domain: 'test',
        status: t.status,
        reference: t.reference,
        amount: t.amount,
        currency: t.currency,
        paid_at: t.status === 'success' ? (t.paid_at ?? new Date().toISOString()) : null,
        channel: 'card',
        metadata: t.metadata,
      },
    });
  });

  const control = express.Router();
  control.post('/transactions', (req, res) => {
    const seeds = parse(z.union([seedSchema, z.array(seedSchema)]), req.body);
    for (const seed of Array.isArray(seeds) ? seeds : [seeds]) {
      keys.add(seed.secret_key);
      transactions.set(key(seed.secret_key, seed.reference), { ...seed, id: nextId++ });
    }
    res.status(204).end();
  });
  /** The payer's side: pays (or fails) a checkout our initialize created; `amount` lets a test pay the wrong sum. */
  control.post('/transactions/pay', (req, res) => {
    const { reference, amount, status } = parse(paySchema, req.body);
    const found = [...transactions.values()].find((t) => t.reference === reference);
    if (!found) return void res.status(404).json({ code: 'not_found', message: 'no such checkout' });
    found.status = status;
    if (amount !== undefined) found.amount = amount;
    res.status(204).end();
  });

  /** The next `times` initializes open their checkout and then lose the answer (the connection drops). */
  control.post('/initialize/lose-answers', (req, res) => {
    answersToLose = parse(z.strictObject({ times: z.number().int().min(0).max(100) }), req.body).times;
    res.status(204).end();
  });

  return {
    routes,
    control,
    state: () => ({
      // Keys stay out of the state: tests read it, and logs may carry it.
      transactions: [...transactions.values()].map(({ secret_key: _key, ...t }) => t),
      verifications: Object.fromEntries(verifications),
    }),
    reset() {
      transactions.clear();
      keys.clear();
      verifications.clear();
      answersToLose = 0;
    },
  };
}

export function startPaystack(port = 0, opts: { host?: string } = {}): Promise<StandIn> {
  return serve(createPaystack(), port, opts.host);
}
