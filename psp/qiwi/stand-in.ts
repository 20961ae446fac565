import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { parse, serve, type StandIn, type StandInService } from '../../stand-ins/faults';

/**
 * QIWI Wallet Pull REST API v2 (psp/qiwi/README.md): PUT / GET / PATCH `/api/v2/prv/{prv_id}/bills/{bill_id}`,
 * form bodies, HTTP Basic API_ID:API_PASSWORD, JSON answers `{ response: { result_code, bill | description } }`.
 * Which HTTP status accompanies each result code is not documented: 401 for 150, 200 otherwise (assumed).
 * Control: `POST /_control/accounts` (prv_id, api_id, api_password), `POST /_control/bills/status` (the payer's side).
 */

const STATUSES = ['waiting', 'paid', 'rejected', 'unpaid', 'expired'] as const;
const accountSchema = z.strictObject({
  prv_id: z.string().min(1),
  api_id: z.string().min(1),
  api_password: z.string().min(1),
});
const statusSchema = z.strictObject({
  prv_id: z.string().min(1),
  bill_id: z.string().min(1),
  status: z.enum(STATUSES),
});
const newBill = z.object({
  user: z.string().regex(/^tel:\+\d{1,15}$/),
  amount: z.string().regex(/^\d{1,6}(?:\.\d{1,2})?$/),
  ccy: z.string().regex(/^[A-Z]{3}$/),
  comment: z.string().max(255),
  lifetime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
  pay_source: z.enum(['qw', 'mobile']).optional(),
  prv_name: z.string().max(100).optional(),
});

interface Bill {
  bill_id: string;
  amount: string;
  ccy: string;
  status: (typeof STATUSES)[number];
  error: 0;
  user: string;
  comment: string;
  lifetime: string;
}

const billKey = (prvId: string, billId: string) => JSON.stringify([prvId, billId]);
const fail = (res: Response, code: number, description: string, status = 200) =>
  void res.status(status).json({ response: { result_code: code, description } });
const ok = (res: Response, bill: Bill) => {
  const { lifetime: _lifetime, ...shown } = bill;
  res.json({ response: { result_code: 0, bill: shown } });
};

export function createQiwiPull(): StandInService {
  const accounts = new Map<string, { apiId: string; apiPassword: string }>();
  const bills = new Map<string, Bill>();
  const requests: Array<{ method: string; prv_id: string; bill_id: string }> = [];

  const authorized = (req: Request) => {
    const [scheme, encoded = ''] = (req.get('authorization') ?? '').split(' ');
    const [apiId, ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
    const account = accounts.get(String(req.params.prvId));
    return (
      scheme === 'Basic' && account !== undefined && account.apiId === apiId && account.apiPassword === rest.join(':')
    );
  };

  const routes = express.Router();
  routes.use(express.urlencoded({ extended: false, limit: '64kb' }));
  routes.all('/api/v2/prv/:prvId/bills/:billId', (req, res, next) => {
    requests.push({ method: req.method, prv_id: String(req.params.prvId), bill_id: String(req.params.billId) });
    if (!authorized(req)) return fail(res, 150, 'Authorization error', 401);
    next();
  });
  routes.put('/api/v2/prv/:prvId/bills/:billId', (req, res) => {
    const key = billKey(String(req.params.prvId), String(req.params.billId));
    const form = newBill.safeParse(req.body ?? {});
    if (!form.success) return fail(res, 341, 'Required parameter is wrong or missing');
    if (bills.has(key)) return fail(res, 215, 'Bill with this bill_id already exists');
    if (Number(form.data.amount) <= 0) return fail(res, 241, 'Amount too small');
    const { user, amount, ccy, comment, lifetime } = form.data;
    const bill: Bill = {
      bill_id: String(req.params.billId),
      amount: Number(amount).toFixed(2),
      ccy,
      status: 'waiting',
      error: 0,
      user,
      comment,
      lifetime,
    };
    bills.set(key, bill);
    ok(res, bill);
  });
  routes.get('/api/v2/prv/:prvId/bills/:billId', (req, res) => {
    const bill = bills.get(billKey(String(req.params.prvId), String(req.params.billId)));
    if (bill) ok(res, bill);
    else fail(res, 210, 'Bill not found');
  });
  routes.patch('/api/v2/prv/:prvId/bills/:billId', (req, res) => {
    const bill = bills.get(billKey(String(req.params.prvId), String(req.params.billId)));
    if (!bill) return fail(res, 210, 'Bill not found');
    if ((req.body as { status?: unknown } | undefined)?.status !== 'rejected')
      return fail(res, 341, 'status must be rejected');
    if (bill.status === 'paid') return fail(res, 1419, 'Bill already paid');
    if (bill.status !== 'waiting' && bill.status !== 'rejected') return fail(res, 78, 'Operation not allowed');
    bill.status = 'rejected';
    ok(res, bill);
  });

  const control = express.Router();
  control.post('/accounts', (req, res) => {
    const seeds = parse(z.union([accountSchema, z.array(accountSchema)]), req.body);
    for (const a of Array.isArray(seeds) ? seeds : [seeds])
      accounts.set(a.prv_id, { apiId: a.api_id, apiPassword: a.api_password });
    res.status(204).end();
  });
  control.post('/bills/status', (req, res) => {
    const { prv_id, bill_id, status } = parse(statusSchema, req.body);
    const bill = bills.get(billKey(prv_id, bill_id));
    if (!bill) return void res.status(404).json({ code: 'not_found', message: 'no such bill' });
    bill.status = status;
    res.status(204).end();
  });

  return {
    routes,
    control,
    state: () => ({ bills: [...bills.values()], requests }),
    reset() {
      accounts.clear();
      bills.clear();
      requests.length = 0;
    },
  };
}

export function startQiwiPull(port = 0, opts: { host?: string } = {}): Promise<StandIn> {
  return serve(createQiwiPull(), port, opts.host);
}
