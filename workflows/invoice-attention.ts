import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { InvoiceActivities } from '../activities/invoice';
import type { InvoiceRedriveInput, InvoiceSettlementInput } from '../domain/invoice';
import { NOT_OPEN, REDRIVE_REFUSED } from '../domain/payment-attention';

// The PSP and our database: retried until they answer; a refusal is an answer, returned, never retried.
const ops = proxyActivities<InvoiceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Credits a held invoice with what the PSP reports paid, once ops confirmed that amount. A refusal (the PSP reports
 * something else, or nothing paid) fails the run and leaves the invoice held, so ops may run another one later.
 */
export async function invoiceRedrive(input: InvoiceRedriveInput): Promise<'credited'> {
  const result = await ops.redriveHeldInvoice(input);
  if (result.kind === 'not_open')
    throw ApplicationFailure.nonRetryable('the invoice is not held, or was settled', NOT_OPEN);
  if (result.kind === 'refused')
    throw ApplicationFailure.nonRetryable(`re-drive refused: ${result.reason}`, REDRIVE_REFUSED);
  return 'credited';
}

/** Marks a held invoice refunded outside the system, with ops' note; never while a re-drive holds it. */
export async function invoiceSettlement(input: InvoiceSettlementInput): Promise<'settled' | 'already_settled'> {
  const result = await ops.settleHeldInvoice(input);
  if (result === 'refused')
    throw ApplicationFailure.nonRetryable('the invoice is not held, or a re-drive holds it', NOT_OPEN);
  return result;
}
