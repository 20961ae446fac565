import type { HttpAnswer, Outcome, Refusal } from '../types';

/**
 * Idram reads exactly `OK` as success and any other text as refusal (README), so refusals are fixed texts that never
 * contain `OK` on its own and never echo what the caller sent. The HTTP status carries no documented meaning: business
 * refusals stay 200, only our outage is a 503 so that a retrying caller may come back.
 */
const REFUSALS: Readonly<Record<Refusal, string>> = {
  unknown_link: 'Unknown link',
  too_large: 'Request too large',
  bad_request: 'Bad request',
  bad_account: 'Incorrect EDP_BILL_NO',
  not_found: 'Driver not found',
  bad_amount: 'Incorrect EDP_AMOUNT',
  amount_too_small: 'EDP_AMOUNT below minimum',
  amount_too_large: 'EDP_AMOUNT above maximum',
  forbidden: 'Payment forbidden',
  unauthorized: 'EDP_CHECKSUM not correct',
  conflict: 'EDP_TRANS_ID already used for another payment',
  temporary: 'Temporary error, retry later',
  error: 'Error',
  unknown_payment: 'Error',
  not_cancellable: 'Error',
  not_confirmable: 'Error',
};

const STATUS: Partial<Record<Refusal, number>> = { unknown_link: 404, too_large: 413, temporary: 503 };

export function renderIdram(outcome: Outcome): HttpAnswer {
  switch (outcome.kind) {
    case 'check_ok':
    case 'pay_accepted': // a repeated confirmation too: Idram expects OK again, and nothing is credited twice
      return text(200, 'OK');
    case 'refused':
      return text(STATUS[outcome.reason] ?? 200, REFUSALS[outcome.reason] ?? REFUSALS.error);
    default:
      // Idram's parse yields only check and pay; anything else reaching here is our bug.
      return text(200, REFUSALS.error);
  }
}

function text(status: number, body: string): HttpAnswer {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}
