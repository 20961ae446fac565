/** Where an invoice stands. `creating` and `waiting` are open; every other status is final. */
export const INVOICE_STATUSES = ['creating', 'waiting', 'paid', 'held', 'cancelled', 'expired', 'failed'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const OPEN_INVOICE_STATUSES: readonly InvoiceStatus[] = ['creating', 'waiting'];

/** The PSPs a driver can issue an invoice with: both let us create the bill and ask for its status. */
export const INVOICE_PSPS = ['qiwi', 'paystack'] as const;
export type InvoicePsp = (typeof INVOICE_PSPS)[number];

/** QIWI refuses a bill lifetime beyond 45 days. */
export const QIWI_MAX_TTL_MS = 45 * 24 * 3600_000;

export const invoiceWorkflowId = (walletId: string, invoiceId: string) => `invoice:${walletId}:${invoiceId}`;

/** What an invoice workflow is started with: ids, timings and non-secret facts (Temporal history is not a vault). */
export interface InvoiceInput {
  parkId: string;
  walletId: string;
  invoiceId: string;
  /** The first poll waits this long; each next one waits twice as long, up to `pollMaxMs`. */
  pollInitialMs: number;
  pollMaxMs: number;
  expiresAt: string;
}

/** What a PSP says it was paid, from a notification or a status poll; the workflow compares it with the invoice. */
export interface InvoicePayment {
  amountMinor: string;
  currency: string;
  source: 'notification' | 'poll' | 'cancel';
}

export interface InvoiceProgress {
  status: InvoiceStatus;
  polls: number;
  reason?: string;
}

export const PAID_SIGNAL = 'paid';
export const CANCEL_SIGNAL = 'cancel';
export const PROGRESS_QUERY = 'progress';
/** Answers once the bill exists at the PSP (or the invoice ended): what the issuing route waits for. */
export const BILL_READY_UPDATE = 'billReady';

/** The error type of a PSP's final refusal (a fatal result code, a bad key): the invoice ends `failed`, never retried. */
export const PSP_REFUSAL = 'PspRefusal';
