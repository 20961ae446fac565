import type { Refusal } from '../types';

/** Paynet's status codes, from the SOAP implementations (README: Status codes). */
export const STATUS = {
  ok: 0,
  cannotCancel: 77,
  systemError: 102,
  alreadyExists: 201,
  alreadyCancelled: 202,
  clientNotFound: 302,
  transactionNotFound: 305,
  missingParameters: 411,
  invalidAmount: 413,
  invalidDate: 414,
  outsideServiceArea: 502,
  accessDenied: 601,
} as const;

/** Fixed texts: nothing the caller sent is ever echoed back in errorMsg. */
const MESSAGES: Readonly<Record<number, string>> = {
  [STATUS.ok]: 'Success',
  [STATUS.cannotCancel]: 'Transaction cannot be cancelled',
  [STATUS.systemError]: 'System error',
  [STATUS.alreadyExists]: 'Transaction already exists',
  [STATUS.alreadyCancelled]: 'Transaction already cancelled',
  [STATUS.clientNotFound]: 'Client not found',
  [STATUS.transactionNotFound]: 'Transaction not found',
  [STATUS.missingParameters]: 'Missing or invalid required parameters',
  [STATUS.invalidAmount]: 'Invalid amount',
  [STATUS.invalidDate]: 'Invalid date format',
  [STATUS.outsideServiceArea]: 'Client outside the service area',
  [STATUS.accessDenied]: 'Access denied',
};

export const messageOf = (status: number): string => MESSAGES[status] ?? MESSAGES[STATUS.systemError]!;

/**
 * Refusals answered inside an operation's result. A reused transactionId with other data is not 201: Paynet reads
 * 201 as "yours already went through" and would count the different payment as paid. `forbidden` after parsing is
 * an inactive driver (302); before parsing it is the IP allow-list or the wallet (601), see render.ts.
 */
export const REFUSAL_STATUS: Readonly<Record<Refusal, number>> = {
  unknown_link: STATUS.accessDenied,
  too_large: STATUS.missingParameters,
  bad_request: STATUS.missingParameters,
  bad_account: STATUS.clientNotFound,
  not_found: STATUS.clientNotFound,
  bad_amount: STATUS.invalidAmount,
  amount_too_small: STATUS.invalidAmount,
  amount_too_large: STATUS.invalidAmount,
  forbidden: STATUS.accessDenied,
  unauthorized: STATUS.accessDenied,
  conflict: STATUS.systemError,
  unknown_payment: STATUS.transactionNotFound,
  not_cancellable: STATUS.cannotCancel,
  not_confirmable: STATUS.systemError,
  temporary: STATUS.systemError,
  error: STATUS.systemError,
};
