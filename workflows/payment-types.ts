/** What a PaymentWorkflow is started with: ids and non-secret facts only (Temporal history is not a vault). */
export interface PaymentInput {
  transactionId: string;
  parkId: string;
  walletId: string;
  psp: string;
  pspTxnId: string;
  driverId: string;
  /** Integer minor units as a decimal string: bigint does not survive JSON. */
  amountMinor: string;
  currency: string;
  /** When we accepted the PSP's PAY (ISO 8601): the event time neighbours record, identical on every retry. */
  acceptedAt: string;
}

export type PaymentState = 'accepted' | 'processed' | 'rejected';

export interface PaymentStatus {
  state: PaymentState;
  step: 'crediting' | 'recording' | 'finishing' | 'done';
  rejectReason?: string;
}

export const paymentWorkflowId = (walletId: string, pspTxnId: string) => `payment:${walletId}:${pspTxnId}`;

/** Neighbours dedupe on this: derived from our transaction, the same on every attempt and every replay. */
export const paymentIdempotencyKey = (input: Pick<PaymentInput, 'parkId' | 'transactionId'>) =>
  `fleet-payment:${input.parkId}:${input.transactionId}`;

/** The error type activities throw for a business refusal; never retried. */
export const BUSINESS_REJECTION = 'BusinessRejection';
