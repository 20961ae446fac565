import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { BillState, InvoiceActivities } from '../activities/invoice';
import {
  BILL_READY_UPDATE,
  CANCEL_SIGNAL,
  PAID_SIGNAL,
  PROGRESS_QUERY,
  PSP_REFUSAL,
  type InvoiceInput,
  type InvoicePayment,
  type InvoiceProgress,
  type InvoiceStatus,
} from '../domain/invoice';

// Creating and withdrawing the bill must happen: transient PSP errors are retried until the PSP answers.
const psp = proxyActivities<InvoiceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [PSP_REFUSAL],
  },
});
// A failed poll is simply the next poll's job: a PSP that is down must not hold up a notification or the TTL.
const poll = proxyActivities<InvoiceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 2, nonRetryableErrorTypes: [PSP_REFUSAL] },
});
const ledger = proxyActivities<InvoiceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export const paidSignal = defineSignal<[InvoicePayment]>(PAID_SIGNAL);
export const cancelSignal = defineSignal(CANCEL_SIGNAL);
export const progressQuery = defineQuery<InvoiceProgress>(PROGRESS_QUERY);
export const billReadyUpdate = defineUpdate<InvoiceProgress>(BILL_READY_UPDATE);

const refusedByPsp = (err: unknown): string | undefined => {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === PSP_REFUSAL ? cause.message : undefined;
};

/**
 * One invoice: create the bill, then wait for whichever comes first of the PSP's notification (signal), a status
 * poll on a growing interval, a cancel from Pro and the TTL. Money the PSP reports is settled through the payment
 * desk, keyed by the invoice, so every path that sees it paid converges on one credit.
 */
export async function invoice(input: InvoiceInput, resumed?: InvoiceProgress): Promise<InvoiceProgress> {
  const progress: InvoiceProgress = resumed ?? { status: 'creating', polls: 0 };
  let reported: InvoicePayment | undefined;
  let cancelRequested = false;
  setHandler(progressQuery, () => progress);
  setHandler(paidSignal, (payment) => void (reported ??= payment));
  setHandler(cancelSignal, () => void (cancelRequested = true));
  setHandler(billReadyUpdate, async () => {
    await condition(() => progress.status !== 'creating');
    return progress;
  });

  const end = async (status: InvoiceStatus, reason?: string) => {
    Object.assign(progress, { status, ...(reason !== undefined && { reason }) });
    await ledger.recordInvoice(input, status, reason);
    return progress;
  };
  const settle = async (payment: InvoicePayment) => {
    progress.status = await ledger.settleInvoice(input, payment);
    return progress;
  };
  /** Asks the PSP once more: money that arrived while we were withdrawing the bill is credited, not lost. */
  const settleIfPaid = async (): Promise<InvoiceProgress | undefined> => {
    const state = await psp.billState(input);
    return state.kind === 'paid' ? settle(state.payment) : undefined;
  };

  if (progress.status === 'creating') {
    try {
      await psp.createBill(input);
    } catch (err) {
      const reason = refusedByPsp(err);
      if (reason === undefined) throw err;
      return end('failed', reason);
    }
    progress.status = 'waiting';
  }

  const deadline = Date.parse(input.expiresAt);
  let interval = input.pollInitialMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await condition(() => reported !== undefined || cancelRequested, Math.min(interval, left));
    if (reported) return settle(reported);
    if (cancelRequested) {
      if ((await psp.rejectBill(input)) === 'rejected') return end('cancelled', 'cancelled by Pro');
      // QIWI 1419 also means "being paid": not paid yet is no reason to give the money up; keep watching the bill.
      const settled = await settleIfPaid();
      if (settled) return settled;
      cancelRequested = false;
      continue;
    }
    if (Date.now() >= deadline) break;
    progress.polls += 1;
    const state = await pollOnce();
    if (state?.kind === 'paid') return settle(state.payment);
    if (state?.kind === 'failed') return end('failed', state.why);
    if (state?.kind === 'closed') return end(state.why.endsWith('rejected') ? 'cancelled' : 'expired', state.why);
    interval = Math.min(interval * 2, input.pollMaxMs);
    if (workflowInfo().continueAsNewSuggested && reported === undefined && !cancelRequested)
      await continueAsNew<typeof invoice>({ ...input, pollInitialMs: interval }, progress);
  }
  if ((await psp.rejectBill(input)) === 'paid') return (await settleIfPaid()) ?? end('expired');
  return end('expired', 'TTL reached');

  async function pollOnce(): Promise<BillState | { kind: 'failed'; why: string } | undefined> {
    try {
      return await poll.billState(input);
    } catch (err) {
      const why = refusedByPsp(err);
      return why === undefined ? undefined : { kind: 'failed', why };
    }
  }
}
