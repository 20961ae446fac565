import type { HttpAnswer, Outcome, Refusal } from '../types';

/**
 * Mobilnik takes a postback as received when the answer is HTTP 200 with the orderId as the whole body (README). Every
 * other answer is a failure: a fixed text with a space in it, so no refusal can ever read as an order id, and the
 * status saying what kind (our outage is a 503, for a retry).
 */
const REFUSALS: Readonly<Record<Refusal, [number, string]>> = {
  unknown_link: [404, 'Unknown link'],
  too_large: [413, 'Request too large'],
  bad_request: [400, 'Bad request'],
  bad_account: [400, 'Invalid driver'],
  not_found: [400, 'Driver not found'],
  bad_amount: [400, 'Invalid amount'],
  amount_too_small: [400, 'Amount too small'],
  amount_too_large: [400, 'Amount too large'],
  forbidden: [403, 'Payment forbidden'],
  unauthorized: [401, 'Invalid token'],
  conflict: [409, 'Order id reused with other data'],
  temporary: [503, 'Temporary error, retry later'],
  error: [400, 'Provider error'],
  unknown_payment: [400, 'Provider error'],
  not_cancellable: [400, 'Provider error'],
  not_confirmable: [400, 'Provider error'],
};

export function renderPostbackAnswer(outcome: Outcome): HttpAnswer {
  if (outcome.kind === 'pay_accepted') return text(200, outcome.payment.pspTxnId); // a repeat too: same order, same answer
  const [status, message] = outcome.kind === 'refused' ? (REFUSALS[outcome.reason] ?? REFUSALS.error) : REFUSALS.error;
  return text(status, `refused: ${message}`);
}

function text(status: number, body: string): HttpAnswer {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}
