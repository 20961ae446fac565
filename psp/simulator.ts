import type { PspCode } from '../domain/psp-codes';

/** What a simulated PSP call is about; each PSP reads the fields its contract has. */
export interface SimArgs {
  account: string;
  /** Decimal string in major units, e.g. "10.45"; each PSP converts to its own unit. */
  amount: string;
  /** The PSP's transaction id. */
  txnId: string;
  /** Our transaction id, for PSPs that confirm/cancel/check by it. */
  prvTxn?: string;
  currency?: string;
  date?: Date;
  /** PSP-specific extras (`--set name=value`). */
  extra: Record<string, string>;
}

/** Test keys and credentials of the wallet, as the PSP holds them (e.g. the PSP's private key, the shared password). */
export type SimKeys = Record<string, string>;

export interface SimRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Appended to the callback link (e.g. "?command=pay&…" or "" for a POST). */
  suffix: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SimAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The answer read the PSP's way: did it succeed, the PSP's own result code, our id if given, the parsed body. */
export interface SimResult {
  ok: boolean;
  code: string;
  prvTxn?: string;
  /** Whether the answer's own signature (where the contract signs answers) verified; undefined when unsigned. */
  signatureValid?: boolean;
  parsed: unknown;
}

/** A PSP's side of its contract: builds the calls it would make to a callback link and reads our answers. */
export interface PspSimulator {
  readonly code: PspCode;
  readonly operations: readonly string[];
  build(operation: string, args: SimArgs, keys: SimKeys): SimRequest;
  read(operation: string, answer: SimAnswer, keys: SimKeys): SimResult;
}

export class UnknownOperationError extends Error {
  constructor(code: string, operation: string, known: readonly string[]) {
    super(`${code} has no operation "${operation}"; it has: ${known.join(', ')}`);
  }
}

/** Narrows `operation` to one of the simulator's own, or throws UnknownOperationError naming them. */
export function assertOperation<T extends string>(
  code: string,
  operation: string,
  known: readonly T[],
): asserts operation is T {
  if (!(known as readonly string[]).includes(operation)) throw new UnknownOperationError(code, operation, known);
}
