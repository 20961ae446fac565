import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { TransactionRecord, TransactionStore } from '../storage/transactions';
import type { PaymentStatus } from '../workflows/payment-types';

export interface TransactionRoutesDeps {
  transactions: TransactionStore;
  temporal: Client;
}

const view = (t: TransactionRecord) => ({
  id: t.id.toString(),
  walletId: t.walletId,
  psp: t.psp,
  pspTxnId: t.pspTxnId,
  driverId: t.driverId,
  amountMinor: t.amountMinor.toString(),
  currency: t.currency,
  state: t.state,
  rejectReason: t.rejectReason,
  pspPaidAt: t.pspPaidAt,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** One transaction of the park with its live workflow status. */
export function transactionRoutes({ transactions, temporal }: TransactionRoutesDeps) {
  const router = Router({ mergeParams: true });

  router.get('/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const t = /^\d{1,19}$/.test(id) ? await transactions.get(String(req.params.parkId), BigInt(id)) : null;
    if (!t) return void res.status(404).json({ error: 'not_found', message: 'transaction not found' });
    let workflow: PaymentStatus | { unavailable: string };
    try {
      workflow = await temporal.workflow.getHandle(t.workflowId).query<PaymentStatus>('status');
    } catch (err) {
      workflow = { unavailable: err instanceof Error ? err.name : 'unknown' };
    }
    res.json({ ...view(t), workflowId: t.workflowId, workflow });
  });

  return router;
}
