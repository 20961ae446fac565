import type { HttpAnswer, Outcome, PaymentView, Refusal } from '../types';
import { element } from '../shared/xml';
import { xmlResponse } from '../shared/xml-response';
import type { TellcellContext } from './parse';

/**
 * Codes (README: Rules): 0 ok; 404, 403, 400 and 500 as the SDK uses them; the rest are assumed and a wallet may
 * override any of them (`refusalCodes`). Messages are fixed texts: nothing the caller sent is echoed back.
 */
const REFUSALS: Readonly<Record<Refusal, { code: number; message: string }>> = {
  unknown_link: { code: 404, message: 'Not found' },
  too_large: { code: 400, message: 'Request too large' },
  bad_request: { code: 400, message: 'Bad request' },
  bad_account: { code: 404, message: 'Not found' },
  not_found: { code: 404, message: 'Not found' },
  bad_amount: { code: 400, message: 'Invalid amount' },
  amount_too_small: { code: 400, message: 'Amount too small' },
  amount_too_large: { code: 400, message: 'Amount too large' },
  forbidden: { code: 403, message: 'Access Denied' },
  unauthorized: { code: 403, message: 'Access Denied' },
  conflict: { code: 409, message: 'Transaction id already used for another payment' },
  unknown_payment: { code: 404, message: 'Order not found' },
  not_cancellable: { code: 400, message: 'Order cannot be cancelled' },
  not_confirmable: { code: 400, message: 'Order cannot be confirmed' },
  temporary: { code: 500, message: 'Internal Server Error' },
  error: { code: 500, message: 'Internal Server Error' },
};

const STATUS_MESSAGES: Readonly<Record<PaymentView['state'], string>> = {
  processed: 'Order completed',
  accepted: 'Order in progress',
  rejected: 'Order rejected',
};

export function renderTellcell(outcome: Outcome, context: TellcellContext | undefined): HttpAnswer {
  switch (outcome.kind) {
    case 'check_ok': {
      const name = context?.exposeDriverName ? outcome.displayName : undefined;
      return answer(200, codeAndMessage(0, name || 'OK'));
    }
    case 'pay_accepted':
      // A repeat gets the same answer: code 0 and the same authcode (README: Rules, assumed idempotency).
      return answer(200, codeAndMessage(0, 'Transaction successful') + element('authcode', outcome.payment.prvTxn));
    case 'status': {
      const { prvTxn, createdAt, state } = outcome.payment;
      const code = context?.statusCodes?.[state] ?? 200;
      return answer(
        200,
        element('authcode', prvTxn) +
          element('date', isoSeconds(createdAt)) +
          codeAndMessage(code, STATUS_MESSAGES[state]),
      );
    }
    case 'refused': {
      const { code, message } = REFUSALS[outcome.reason] ?? REFUSALS.error;
      return answer(httpStatus(outcome.reason), codeAndMessage(context?.refusalCodes[outcome.reason] ?? code, message));
    }
    default:
      // Telcell's parse yields only check, payment and status; anything else reaching here is our bug.
      return answer(200, codeAndMessage(REFUSALS.error.code, REFUSALS.error.message));
  }
}

/** The SDK answers everything with HTTP 200 and the code in the body; only a wrong link or an oversized body differ. */
function httpStatus(reason: Refusal): number {
  if (reason === 'unknown_link') return 404;
  return reason === 'too_large' ? 413 : 200;
}

const codeAndMessage = (code: number, message: string) => element('code', String(code)) + element('message', message);

function isoSeconds(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function answer(status: number, inner: string): HttpAnswer {
  return xmlResponse(status, inner, 'application/xml; charset=utf-8');
}
