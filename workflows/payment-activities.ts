import { proxyActivities } from '@temporalio/workflow';
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
