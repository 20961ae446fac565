import type { PaymentInput } from './payment';

/**
 * Ops' two ways out for a payment answered success to the PSP but not credited. One workflow per payment and action:
 * a second request joins the running one or finds the finished one, so neither ever happens twice.
 */
export const redriveWorkflowId = (walletId: string, pspTxnId: string) => `redrive:${walletId}:${pspTxnId}`;
export const settlementWorkflowId = (walletId: string, pspTxnId: string) => `settle:${walletId}:${pspTxnId}`;

export interface SettlementInput {
  payment: PaymentInput;
  /** What ops did outside the system (e.g. "refunded by the park in cash on 27.11"); never a secret. */
  note: string;
}

/** The workflows' failure types: a refused action leaves the payment open, so a later request may run again. */
export const NOT_OPEN = 'PaymentNotOpen';
export const REDRIVE_REFUSED = 'RedriveRefused';
