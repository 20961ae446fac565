import { ActivityFailure, ApplicationFailure, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PaymentActivities } from '../activities/payment';
import { BUSINESS_REJECTION, type PaymentInput, type PaymentStatus } from './payment-types';

// Neighbours may be down for hours: retry forever with a capped backoff; only a business refusal stops the payment.
const neighbours = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [BUSINESS_REJECTION] },
});
const ledger = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export const paymentStatusQuery = defineQuery<PaymentStatus>('status');

/** Credit the driver, record the top-up for the park, then mark our transaction processed. */
export async function payment(input: PaymentInput): Promise<PaymentStatus> {
  const status: PaymentStatus = { state: 'accepted', step: 'crediting' };
  setHandler(paymentStatusQuery, () => status);

  try {
    await neighbours.creditDriver(input);
  } catch (err) {
    const reason = businessRejection(err);
    if (reason === undefined) throw err;
    status.step = 'finishing';
    status.state = await ledger.finishTransaction(input, 'rejected', reason);
    status.rejectReason = reason;
    status.step = 'done';
    return status;
  }

  // The driver has the money now: the record must follow, however long it takes, so it is not allowed to reject.
  status.step = 'recording';
  await neighbours.recordFleetTransaction(input);

  status.step = 'finishing';
  status.state = await ledger.finishTransaction(input, 'processed');
  status.step = 'done';
  return status;
}

function businessRejection(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === BUSINESS_REJECTION) {
    return err.cause.message;
  }
  return undefined;
}
