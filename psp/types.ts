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

/** What an adapter may know of the wallet the link points to. Secrets are not here. */
export interface WalletContext {
  id: string;
  parkId: string;
  psp: PspCode;
  currency: string;
  settings: Readonly<Record<string, unknown>>;
}

export type CheckCommand = { kind: 'check'; account: string; amountMinor?: bigint; pspTxnId?: string };
export type PayCommand = { kind: 'pay'; pspTxnId: string; account: string; amountMinor: bigint; paidAt?: Date };
export type PspCommand = CheckCommand | PayCommand;

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
  | 'temporary' // our side cannot answer now; the PSP should retry
  | 'error';

export type Outcome =
  | { kind: 'check_ok'; driverId: string; displayName?: string }
  | { kind: 'pay_accepted'; prvTxn: string; pspTxnId: string; amountMinor: bigint; currency: string; repeat: boolean }
  | { kind: 'refused'; reason: Refusal; message: string };

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'forbidden' | 'unauthorized'; message: string };

export type ParseResult<Ctx> =
  | { ok: true; command: PspCommand; context: Ctx }
  | { ok: false; reason: Refusal; message: string; context: Ctx };

/**
 * One PSP's wire contract. `context` carries what the answer must echo (e.g. OSMP's txn_id) from parse to render.
 * Adapters are pure: no I/O, no clock, no throwing on any input.
 */
export interface PspAdapter<Ctx = unknown> {
  readonly code: PspCode;
  /** Source ranges used when a wallet sets no allow-list of its own; empty admits nobody, `ANY_IP` everybody. */
  readonly defaultIpAllowList: readonly string[];
  verify(req: PspRequest, wallet: WalletContext): VerifyResult;
  parse(req: PspRequest, wallet: WalletContext): ParseResult<Ctx>;
  /** `context` is undefined when the call was refused before parsing (unknown link, oversized body, IP). */
  render(outcome: Outcome, context: Ctx | undefined, req: PspRequest): HttpAnswer;
}
