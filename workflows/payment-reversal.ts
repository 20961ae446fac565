import { proxyActivities } from '@temporalio/workflow';
import type { PaymentActivities } from '../activities/payment';
import { BUSINESS_REJECTION, CANCELLED_AND_REVERSED, type PaymentInput } from './payment-types';

const neighbours = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [BUSINESS_REJECTION] },
});
const ledger = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * A PSP cancelled a payment whose workflow had already finished: take the credit back and record that. Started once
 * per payment (its id is derived from the payment's); a payment that was never credited has nothing to reverse.
 */
export async function paymentReversal(input: PaymentInput): Promise<'reversed' | 'nothing to reverse'> {
  if ((await ledger.transactionState(input)) !== 'processed') return 'nothing to reverse';
  await neighbours.reverseCredit(input);
  await neighbours.recordFleetTransaction(input, 'partner_service_payment_reversal');
  await ledger.finishTransaction(input, 'rejected', CANCELLED_AND_REVERSED, true);
  return 'reversed';
}
