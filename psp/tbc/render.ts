import type { HttpAnswer, Outcome, Refusal } from '../types';
import { element, escapeXml } from '../shared/xml';
import { xmlResponse } from '../shared/xml-response';
import type { TbcContext } from './parse';

/**
 * TBC's recommended result codes (README): 1 and 300 make TBC retry, the rest are final. Comments are fixed texts
 * (at most 125 characters): nothing the caller sent is echoed back.
 */
const REFUSALS: Readonly<Record<Refusal, { result: number; comment: string }>> = {
  unknown_link: { result: 300, comment: 'Unknown link' },
  too_large: { result: 300, comment: 'Request too large' },
  bad_request: { result: 300, comment: 'Bad request' },
  bad_account: { result: 4, comment: 'Invalid account format' },
  not_found: { result: 5, comment: 'Account not found' },
  bad_amount: { result: 275, comment: 'Invalid amount' },
  amount_too_small: { result: 275, comment: 'Amount too small' },
  amount_too_large: { result: 275, comment: 'Amount too large' },
  forbidden: { result: 7, comment: 'Payment restricted' },
  unauthorized: { result: 7, comment: 'Access denied' },
  // Final, unlike 300: the same txn_id with other data would fail the same way on every retry.
  conflict: { result: 215, comment: 'Duplicate transaction' },
  temporary: { result: 1, comment: 'Temporary error, retry later' },
  error: { result: 300, comment: 'Internal error' },
  // TBC has no status, confirm or cancel; listed so every refusal has a code.
  unknown_payment: { result: 300, comment: 'Unknown payment' },
  not_cancellable: { result: 300, comment: 'Payment cannot be cancelled' },
  not_confirmable: { result: 300, comment: 'Payment cannot be confirmed' },
};

const ok = (inner = '') => answer(200, element('result', '0') + inner + element('comment', 'OK'));

export function renderTbc(outcome: Outcome, context: TbcContext | undefined): HttpAnswer {
  switch (outcome.kind) {
    case 'check_ok': {
      const name = context?.exposeDriverName ? outcome.displayName : undefined;
      return ok(name ? `<info><extra name="Driver">${escapeXml(name)}</extra></info>` : '');
    }
    case 'pay_accepted':
      if (outcome.repeat && context?.duplicateResult === 215) return refusalAnswer(200, REFUSALS.conflict);
      return ok();
    case 'refused':
      return refusalAnswer(
        httpStatus(outcome.reason, context !== undefined),
        REFUSALS[outcome.reason] ?? REFUSALS.error,
      );
    default:
      // TBC's parse yields only check and pay; anything else reaching here is our bug, answered as an internal error.
      return refusalAnswer(200, REFUSALS.error);
  }
}

/**
 * Business answers are HTTP 200 (README: Rules). Credentials refused get 401 with a challenge (php-geopayment), an IP
 * refused before parsing 403: configuration faults show as HTTP errors, not as a payment's final answer.
 */
function httpStatus(reason: Refusal, parsed: boolean): number {
  if (reason === 'unknown_link') return 404;
  if (reason === 'too_large') return 413;
  if (reason === 'unauthorized') return 401;
  return !parsed && reason === 'forbidden' ? 403 : 200;
}

function refusalAnswer(status: number, { result, comment }: { result: number; comment: string }): HttpAnswer {
  return answer(status, element('result', String(result)) + element('comment', comment));
}

function answer(status: number, inner: string): HttpAnswer {
  const challenge: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Basic realm="tbc"' } : {};
  return xmlResponse(status, inner, 'application/xml; charset=UTF-8', challenge);
}
