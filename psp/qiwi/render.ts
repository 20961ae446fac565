import type { HttpAnswer, Outcome, PspRequest, Refusal } from '../types';

/**
 * Notification result codes (README: Rules): 0 ok, 5 bad parameters, 13 busy, 150 auth error, 151 bad signature, 300
 * technical error. QIWI retries anything but 0 (50 times within 24 h), so the code matters to people, not to QIWI.
 */
const CODES: Readonly<Record<Refusal, number>> = {
  unknown_link: 150,
  too_large: 5,
  bad_request: 5,
  bad_account: 5,
  not_found: 5,
  bad_amount: 5,
  amount_too_small: 5,
  amount_too_large: 5,
  forbidden: 150,
  unauthorized: 150,
  conflict: 5,
  // A bill we never issued: bad parameters, not our outage (300 would read as "try again").
  unknown_payment: 5,
  not_cancellable: 300,
  not_confirmable: 300,
  temporary: 13,
  error: 300,
};

export function renderQiwi(outcome: Outcome, req: PspRequest, parsed = false): HttpAnswer {
  switch (outcome.kind) {
    case 'pay_accepted':
    case 'ignored':
      return answer(200, 0);
    case 'held':
      // The payer's money is taken and held for ops: a refusal would only make QIWI repeat it for 24 h.
      return answer(200, 0);
    case 'refused': {
      const signed = req.headers['x-api-signature'] !== undefined;
      // After parsing, `forbidden` is the gateway's verdict on the driver, no auth error: "anything else" (README).
      const driverRefused = parsed && outcome.reason === 'forbidden';
      const code =
        outcome.reason === 'unauthorized' && signed ? 151 : driverRefused ? 300 : (CODES[outcome.reason] ?? 300);
      const status = outcome.reason === 'unknown_link' ? 404 : outcome.reason === 'too_large' ? 413 : 200;
      return answer(status, code);
    }
    default:
      // parse yields only pay and ignore; anything else is our bug: a technical error QIWI will retry.
      return answer(200, 300);
  }
}

function answer(status: number, code: number): HttpAnswer {
  return {
    status,
    headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    body: `<?xml version="1.0"?><result><result_code>${code}</result_code></result>`,
  };
}
