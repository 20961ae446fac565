import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { PaymentAttentionActivities } from '../activities/payment-attention';
import { NOT_OPEN, REDRIVE_REFUSED, type SettlementInput } from '../domain/payment-attention';
import type { PaymentInput } from '../domain/payment';
import { neighbours } from './payment-activities';
import { businessRejection } from './payment';

/** Our own database: short, always retried. */
const attention = proxyActivities<PaymentAttentionActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * Credits a payment that needs attention, after ops fixed the cause. Billing is asked under the payment's own
 * idempotency key: its refusal was not remembered, so the key is free now, and had a credit under it landed after all,
 * billing answers that one instead of crediting twice. A refusal again fails the run, leaving the payment open.
 */
export async function paymentRedrive(input: PaymentInput): Promise<'credited'> {
  if (!(await attention.claimRedrive(input))) {
    throw ApplicationFailure.nonRetryable('the payment does not need attention, or was settled', NOT_OPEN);
  }
  try {
    await neighbours.creditDriver(input);
  } catch (err) {
    const reason = businessRejection(err);
    if (reason === undefined) throw err;
    await attention.redriveRefused(input, reason);
    throw ApplicationFailure.nonRetryable(`billing refused the re-drive: ${reason}`, REDRIVE_REFUSED);
  }
  // Credited: the park's record must follow, however long fleet-transactions takes.
  await neighbours.recordFleetTransaction(input, 'partner_service_payment');
  await attention.redriven(input);
  return 'credited';
}

/** Marks a payment that needs attention as refunded outside the system, with ops' note; never while a re-drive runs. */
export async function paymentSettlement({ payment, note }: SettlementInput): Promise<'settled' | 'already_settled'> {
  const result = await attention.settle(payment, note);
  if (result === 'refused') {
    throw ApplicationFailure.nonRetryable('the payment does not need attention, or a re-drive holds it', NOT_OPEN);
  }
  return result;
}
