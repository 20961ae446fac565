import type { PaymentState } from '../domain/payment';
import type { PspCode } from '../domain/psp-codes';

/** A PSP's HTTP call exactly as received: signatures are checked on `rawBody`, never on a re-serialisation. */
export interface PspRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  /** The caller's address, X-Forwarded-For honoured only from trusted proxies. */
  clientIp: string;
}

/** What an adapter may know of the wallet the link points to. Never log a WalletContext: it holds the secrets. */
export interface WalletContext {
  id: string;
  parkId: string;
  psp: PspCode;
  currency: string;
  settings: Readonly<Record<string, unknown>>;
  /** The wallet's PSP credentials (keys, passwords), decrypted for this call only. */
  credentials: Readonly<Record<string, string>>;
}

/** The part of a wallet a park saves and `settingsProblem` judges: no identity, no credentials. */
export type WalletDraft = Pick<WalletContext, 'psp' | 'currency' | 'settings'>;

export type CheckCommand = { kind: 'check'; account: string; amountMinor?: bigint; pspTxnId?: string };
export type PayCommand = {
  kind: 'pay';
  pspTxnId: string;
  account: string;
  amountMinor: bigint;
  paidAt?: Date;
  /** Credit only after a later `confirm` (EasyPay UA's Payment → Confirm); a `cancel` before it drops the payment. */
  hold?: boolean;
  /** Credit only after the PSP's own API confirms the payment (Paystack's verify): a notification alone is not proof. */
  verifyWithPsp?: boolean;
  /**
   * The payment of a bill we issued (an invoice) whose id is `pspTxnId`: the gateway takes the payer from our own
   * invoice, never from the notification's free text, and refuses a bill we never issued. `account` is empty.
   */
  byInvoice?: boolean;
};
/** Names a payment by the PSP's id or by ours (EasyPay UA confirms and cancels by our PaymentId). */
export type PaymentRef = { pspTxnId: string } | { prvTxn: string };
export type PspCommand =
  | CheckCommand
  | PayCommand
  | { kind: 'confirm'; ref: PaymentRef }
  | { kind: 'cancel'; ref: PaymentRef }
  | { kind: 'status'; ref: PaymentRef }
  | { kind: 'statement'; from: Date; to: Date }
  | { kind: 'ping' }
  /** A notification we take note of and drop (e.g. a webhook event of no interest): answered as received. */
  | { kind: 'ignore'; why: string };

/** A payment as adapters render it in status, cancel, confirm and statement answers. */
export interface PaymentView {
  prvTxn: string;
  pspTxnId: string;
  account: string;
  amountMinor: bigint;
  currency: string;
  state: PaymentState;
  /** Set when the PSP cancelled it (the state then ends `rejected`, after a reversal if it had been credited). */
  cancelledAt: Date | null;
  /** Set when a held payment was confirmed. */
  confirmedAt: Date | null;
  createdAt: Date;
  pspPaidAt: Date | null;
}

/** Why a call was refused; each adapter maps these to its own codes. */
export type Refusal =
  | 'unknown_link' // no such link, or revoked
  | 'too_large' // body over the cap
  | 'bad_request' // malformed query or body, missing parameters, unknown command
  | 'bad_account' // account fails the format rule
  | 'not_found' // no such driver in the park
  | 'bad_amount' // not a number, too many decimals
  | 'amount_too_small'
  | 'amount_too_large'
  | 'forbidden' // IP not allowed, wallet disabled
  | 'unauthorized' // bad signature or credentials
  | 'conflict' // same PSP transaction id with different account or amount
  | 'unknown_payment' // status, confirm or cancel of a payment we do not have
  | 'not_cancellable' // cancel of a payment that can no longer be cancelled (e.g. rejected for another reason)
  | 'not_confirmable' // confirm of a payment that was cancelled or rejected
  | 'temporary' // our side cannot answer now; the PSP should retry
  | 'error';

/** Every refusal, in the order above: for schemas that name refusals and tests that draw them. */
export const REFUSALS = [
  'unknown_link',
  'too_large',
  'bad_request',
  'bad_account',
  'not_found',
  'bad_amount',
  'amount_too_small',
  'amount_too_large',
  'forbidden',
  'unauthorized',
  'conflict',
  'unknown_payment',
  'not_cancellable',
  'not_confirmable',
  'temporary',
  'error',
] as const satisfies readonly Refusal[];
// Fails to compile when a refusal is added to the type but not to the list.
const _everyRefusalListed: Exclude<Refusal, (typeof REFUSALS)[number]> extends never ? true : never = true;

export type Outcome =
  | { kind: 'check_ok'; driverId: string; displayName?: string }
  | { kind: 'pay_accepted'; payment: PaymentView; repeat: boolean }
  | { kind: 'confirmed'; payment: PaymentView; repeat: boolean }
  | { kind: 'cancelled'; payment: PaymentView; repeat: boolean }
  | { kind: 'status'; payment: PaymentView }
  | { kind: 'statement'; payments: PaymentView[]; from: Date; to: Date }
  | { kind: 'pong' }
  | { kind: 'ignored' }
  /** A notification of money the PSP took for a driver who may not be paid: recorded for ops, nothing credited. */
  | { kind: 'held' }
  | { kind: 'refused'; reason: Refusal; message: string };

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'forbidden' | 'unauthorized'; message: string };

export type ParseResult<Ctx> =
  { ok: true; command: PspCommand; context: Ctx } | { ok: false; reason: Refusal; message: string; context: Ctx };

/**
 * One PSP's wire contract. `context` carries what the answer must echo (e.g. OSMP's txn_id) from parse to render.
 * Adapters are pure: no I/O, no clock, no throwing on any input.
 */
export interface PspAdapter<Ctx = unknown> {
  readonly code: PspCode;
  /** Source ranges used when a wallet sets no allow-list of its own; empty admits nobody, `ANY_IP` everybody. */
  readonly defaultIpAllowList: readonly string[];
  /**
   * What is wrong with these settings in this currency, or undefined. Asked when a park saves a wallet, so a bad
   * setting is a 400 then rather than refused calls later. Credentials are not judged: they may come later.
   */
  settingsProblem(draft: WalletDraft): string | undefined;
  verify(req: PspRequest, wallet: WalletContext): VerifyResult;
  parse(req: PspRequest, wallet: WalletContext): ParseResult<Ctx>;
  /**
   * `context` is undefined when the call was refused before parsing (unknown link, oversized body, IP); `wallet` is
   * undefined before the link resolved. PSPs that sign their answers use `wallet.credentials`.
   */
  render(outcome: Outcome, context: Ctx | undefined, req: PspRequest, wallet?: WalletContext): HttpAnswer;
}
