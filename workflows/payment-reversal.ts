import { ledger, neighbours } from './payment-activities';
import { CANCELLED_AND_REVERSED, type PaymentInput } from '../domain/payment';

/**
 * A PSP cancelled a payment whose workflow had already finished: take the credit back and record that. Started once
 * per payment (its id is derived from the payment's); a payment that was never credited has nothing to reverse.
 */
export async function paymentReversal(input: PaymentInput): Promise<'reversed' | 'nothing to reverse'> {
  if ((await ledger.transactionState(input)) !== 'processed') return 'nothing to reverse';
  await reverseCreditedPayment(input);
  return 'reversed';
}

/** Takes the credit back, records that for the park, and ends the payment rejected. */
export async function reverseCreditedPayment(input: PaymentInput): Promise<'rejected' | 'processed' | 'accepted'> {
  await neighbours.reverseCredit(input);
  await neighbours.recordFleetTransaction(input, 'partner_service_payment_reversal');
  return ledger.finishTransaction(input, 'rejected', CANCELLED_AND_REVERSED, true);
}
