import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { PaymentActivities } from '../activities/payment';
import { BUSINESS_REJECTION } from '../domain/payment';

// Neighbours may be down for hours: retry forever with a capped backoff; only a business refusal stops the payment.
export const neighbours = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [BUSINESS_REJECTION],
  },
});

/** Our own database: short, always retried. */
export const ledger = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * A first try in the worker itself, inside the workflow task, saving the server a task round trip. Kept short because
 * the workflow task stays open meanwhile: a cancel or confirm Update waits for it (and the gateway gives Temporal 4 s),
 * so anything slower or failing goes to `neighbours` / `ledger` as a regular activity with their retry policy.
 */
export const local = proxyLocalActivities<PaymentActivities>({
  scheduleToCloseTimeout: '2 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
});
