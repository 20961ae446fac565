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
  /** Credit only after the PSP's confirm (EasyPay UA). */
  hold?: boolean;
  /** Ask the PSP's API whether the payment really happened before crediting (Paystack). */
  verifyWithPsp?: boolean;
}

/** Where a payment stands in our ledger: the transaction row's state and what the workflow reports. */
export const PAYMENT_STATES = ['accepted', 'processed', 'rejected'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export interface PaymentStatus {
  state: PaymentState;
  step: 'awaiting_confirm' | 'verifying' | 'crediting' | 'recording' | 'reversing' | 'finishing' | 'done';
  cancelRequested: boolean;
  rejectReason?: string;
}

export const paymentWorkflowId = (walletId: string, pspTxnId: string) => `payment:${walletId}:${pspTxnId}`;
export const reversalWorkflowId = (walletId: string, pspTxnId: string) => `reversal:${walletId}:${pspTxnId}`;

/** Neighbours dedupe on this: derived from our transaction, the same on every attempt and every replay. */
export const paymentIdempotencyKey = (input: Pick<PaymentInput, 'parkId' | 'transactionId'>) =>
  `fleet-payment:${input.parkId}:${input.transactionId}`;
export const reversalIdempotencyKey = (input: Pick<PaymentInput, 'parkId' | 'transactionId'>) =>
  `${paymentIdempotencyKey(input)}:reversal`;

/** The error type activities throw for a business refusal; never retried. */
export const BUSINESS_REJECTION = 'BusinessRejection';

export const CANCELLED_BY_PSP = 'cancelled by the PSP';
export const CANCELLED_AND_REVERSED = 'cancelled by the PSP after crediting; the credit was reversed';

/** The payment workflow's Updates: the caller learns whether the workflow itself will honour the PSP's request. */
export const CANCEL_UPDATE = 'cancel';
export const CONFIRM_UPDATE = 'confirm';

/**
 * `dropped`: nothing was credited and nothing will be. `will_reverse`: the credit may be applied already; the workflow
 * takes it back before it ends. `already_finished`: the workflow no longer acts on it; a credited payment needs the
 * reversal workflow.
 */
export type CancelVerdict = 'dropped' | 'will_reverse' | 'already_finished';
/** `too_late`: the PSP cancelled first, or the hold ran out and the payment is being rejected. */
export type ConfirmVerdict = 'will_credit' | 'already_confirmed' | 'too_late';
