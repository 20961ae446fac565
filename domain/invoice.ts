/**
 * Where an invoice stands. `creating` and `waiting` are open; `held` waits for ops (re-driven → `paid`, or
 * `settled`: refunded outside the system); every other status is final.
 */
export const INVOICE_STATUSES = [
  'creating',
  'waiting',
  'paid',
  'held',
  'cancelled',
  'expired',
  'failed',
  'settled',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const OPEN_INVOICE_STATUSES: readonly InvoiceStatus[] = ['creating', 'waiting'];

/** The PSPs a driver can issue an invoice with: both let us create the bill and ask for its status. */
export const INVOICE_PSPS = ['qiwi', 'paystack'] as const;
export type InvoicePsp = (typeof INVOICE_PSPS)[number];

/** QIWI refuses a bill lifetime beyond 45 days. */
export const QIWI_MAX_TTL_MS = 45 * 24 * 3600_000;

export const invoiceWorkflowId = (walletId: string, invoiceId: string) => `invoice:${walletId}:${invoiceId}`;

/**
 * A later checkout's PSP reference: Paystack refuses a reference twice, so when the first initialize's answer was
 * lost, the invoice opens `<id>.1`, `<id>.2`, … (Paystack allows `.` in references; our ids are UUIDs, without one).
 */
export const checkoutReference = (invoiceId: string, n: number) => `${invoiceId}.${n}`;
/** The invoice id a PSP reference names: itself, or the id before a checkout's `.<n>`. Our records say if it is ours. */
export const invoiceIdOfReference = (reference: string) => reference.replace(/\.\d+$/, '');

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
  /** The PSP reference that was paid, when it is a later checkout's (`<id>.<n>`); absent: the invoice id. */
  reference?: string;
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

/** Ops' two ways out for a held invoice; one workflow per invoice and action, like a payment's. */
export const invoiceRedriveWorkflowId = (walletId: string, invoiceId: string) =>
  `invoice-redrive:${walletId}:${invoiceId}`;
export const invoiceSettlementWorkflowId = (walletId: string, invoiceId: string) =>
  `invoice-settle:${walletId}:${invoiceId}`;

export interface InvoiceRedriveInput {
  parkId: string;
  invoiceId: string;
  /** What ops confirm the PSP took: the re-drive credits only if the PSP still reports exactly this. */
  amountMinor: string;
  currency: string;
}

export interface InvoiceSettlementInput {
  parkId: string;
  invoiceId: string;
  /** What ops did outside the system; never a secret. */
  note: string;
}

/** How an ops action on a held invoice ended; `refused` leaves it held, free for another action. */
export type InvoiceRedriveResult = { kind: 'credited' } | { kind: 'not_open' } | { kind: 'refused'; reason: string };
export type InvoiceSettleResult = 'settled' | 'already_settled' | 'refused';
