import type { Client } from '@temporalio/client';
import { paymentWorkflowId } from '../domain/payment';
import type { Outcome, PayCommand, PaymentRef, PaymentView, WalletContext } from '../psp/types';
import type { TransactionRecord, TransactionStore } from '../storage/transactions';
import { createPaymentWorkflows } from './payment-workflows';

export interface PaymentDeskDeps {
  transactions: TransactionStore;
  temporal: Client;
  taskQueue: string;
}

const refused = (reason: Extract<Outcome, { kind: 'refused' }>['reason'], message: string): Outcome => ({
  kind: 'refused',
  reason,
  message,
});

/**
 * Where PSP payment commands become durable facts. PAY: one transaction row per (park, wallet, PSP txn id) and one
 * PaymentWorkflow whose id is derived from the same key, so any repeat (PSP retry, our crash in between, 50 at once)
 * converges on both; answers are built from the stored row, so a repeat gets the original answer. A cancel is recorded
 * on the row, then handed to the workflow, repeats included (an earlier attempt may have stopped in between); a confirm
 * is recorded only once the workflow has taken it, so a confirm that came too late leaves no trace.
 */
export function createPaymentDesk({ transactions, temporal, taskQueue }: PaymentDeskDeps) {
  const workflows = createPaymentWorkflows(temporal, taskQueue, transactions);
  const { ensurePayment } = workflows;

  const find = (wallet: WalletContext, ref: PaymentRef) =>
    'pspTxnId' in ref
      ? transactions.byKey(wallet.parkId, wallet.id, ref.pspTxnId)
      : transactions.byPrvTxn(wallet.parkId, wallet.id, ref.prvTxn);

  function replay(t: TransactionRecord, cmd: PayCommand): Outcome {
    if (t.driverId !== cmd.account || t.amountMinor !== cmd.amountMinor) {
      return refused('conflict', 'transaction id already used for another payment');
    }
    return { kind: 'pay_accepted', payment: view(t), repeat: true };
  }

  return {
    /** The stored transaction for a repeated PAY, if any. */
    existing: (wallet: WalletContext, pspTxnId: string) => transactions.byKey(wallet.parkId, wallet.id, pspTxnId),

    async replay(t: TransactionRecord, cmd: PayCommand): Promise<Outcome> {
      const outcome = replay(t, cmd);
      if (outcome.kind !== 'refused') await ensurePayment(t);
      return outcome;
    },

    async accept(wallet: WalletContext, cmd: PayCommand): Promise<Outcome> {
      const { transaction, created } = await transactions.accept({
        parkId: wallet.parkId,
        walletId: wallet.id,
        psp: wallet.psp,
        pspTxnId: cmd.pspTxnId,
        driverId: cmd.account,
        amountMinor: cmd.amountMinor,
        currency: wallet.currency,
        pspPaidAt: cmd.paidAt ?? null,
        workflowId: paymentWorkflowId(wallet.id, cmd.pspTxnId),
        hold: cmd.hold ?? false,
        verifyWithPsp: cmd.verifyWithPsp ?? false,
      });
      if (!created) return this.replay(transaction, cmd);
      await ensurePayment(transaction);
      return { kind: 'pay_accepted', payment: view(transaction), repeat: false };
    },

    async status(wallet: WalletContext, ref: PaymentRef): Promise<Outcome> {
      const t = await find(wallet, ref);
      return t ? { kind: 'status', payment: view(t) } : refused('unknown_payment', 'no such payment');
    },

    async confirm(wallet: WalletContext, ref: PaymentRef): Promise<Outcome> {
      const found = await find(wallet, ref);
      if (!found) return refused('unknown_payment', 'no such payment');
      if (found.confirmedAt) return { kind: 'confirmed', payment: view(found), repeat: true };
      if (!found.hold || found.cancelledAt || found.state === 'rejected')
        return refused('not_confirmable', 'payment cannot be confirmed');
      if ((await workflows.confirm(found)) === 'too_late')
        return refused('not_confirmable', 'payment cannot be confirmed');
      // A cancel recorded since our read wins: the workflow drops or reverses the payment it confirmed.
      const t = await transactions.markConfirmed(wallet.parkId, found.id);
      if (!t.confirmedAt) return refused('not_confirmable', 'payment cannot be confirmed');
      return { kind: 'confirmed', payment: view(t), repeat: false };
    },

    async cancel(wallet: WalletContext, ref: PaymentRef): Promise<Outcome> {
      const found = await find(wallet, ref);
      if (!found) return refused('unknown_payment', 'no such payment');
      const repeat = found.cancelledAt !== null;
      const t = repeat ? found : await transactions.markCancelled(wallet.parkId, found.id);
      if (!t.cancelledAt) return refused('not_cancellable', 'payment cannot be cancelled');
      await workflows.cancel(t);
      return { kind: 'cancelled', payment: view(t), repeat };
    },

    async statement(wallet: WalletContext, from: Date, to: Date): Promise<Outcome> {
      const rows = await transactions.statement(wallet.parkId, wallet.id, from, to);
      return { kind: 'statement', payments: rows.map(view), from, to };
    },
  };
}

export type PaymentDesk = ReturnType<typeof createPaymentDesk>;

function view(t: TransactionRecord): PaymentView {
  return {
    prvTxn: t.id.toString(),
    pspTxnId: t.pspTxnId,
    account: t.driverId,
    amountMinor: t.amountMinor,
    currency: t.currency,
    state: t.state,
    cancelledAt: t.cancelledAt,
    confirmedAt: t.confirmedAt,
    createdAt: t.createdAt,
    pspPaidAt: t.pspPaidAt,
  };
}
