import type { HttpAnswer, Outcome, Refusal } from '../types';

/**
 * Paystack reads only the HTTP status: 200 ends the delivery, anything else is retried (live: every 3 min for
 * 4 attempts, then hourly up to 72 h). So refusals a retry can fix (our outage, a driver not yet in the park) are
 * non-200, and so are those a person must look at: Paystack's dashboard lists the failed deliveries.
 */
const STATUS: Readonly<Record<Refusal, number>> = {
  unknown_link: 404,
  too_large: 413,
  bad_request: 400,
  bad_account: 422,
  not_found: 422,
  bad_amount: 422,
  amount_too_small: 422,
  amount_too_large: 422,
  forbidden: 403,
  unauthorized: 401,
  conflict: 409,
  unknown_payment: 422,
  not_cancellable: 422,
  not_confirmable: 422,
  temporary: 503,
  error: 422,
};

/** The body is for people reading delivery logs: the refusal code, never the internal message. */
export function renderPaystack(outcome: Outcome, parsed = false): HttpAnswer {
  switch (outcome.kind) {
    case 'pay_accepted':
      return answer(200, 'accepted');
    case 'ignored':
      return answer(200, 'ignored');
    case 'held':
      // The charge is ours and recorded for ops; a non-200 would only make Paystack repeat it for 72 h.
      return answer(200, 'held');
    case 'refused': {
      // After parsing, `forbidden` is the gateway's verdict on the driver, not on the wallet or its address: 422.
      const status = parsed && outcome.reason === 'forbidden' ? 422 : (STATUS[outcome.reason] ?? 422);
      return answer(status, outcome.reason in STATUS ? outcome.reason : 'error');
    }
    default:
      // parse yields only pay and ignore; anything else is our bug, and a non-200 keeps the event for a retry.
      return answer(422, 'error');
  }
}

function answer(status: number, result: string): HttpAnswer {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ result }) };
}
