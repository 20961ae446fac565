import { formatMinor, isSupportedCurrency } from '../../domain/money';
import type { HttpAnswer, Outcome, PspRequest, Refusal } from '../types';
import type { OsmpConfig } from './config';
import { echoableTxnId, type OsmpContext } from './parse';
import { element, escapeXml } from '../shared/xml';

/**
 * The README's Result codes (fatal unless noted). OSMP has no code for a malformed request or sum, so those take
 * 300, "other provider error". Comments are fixed texts: nothing the caller sent is ever echoed back in them.
 */
const REFUSALS: Readonly<Record<Refusal, { result: number; comment: string }>> = {
  unknown_link: { result: 300, comment: 'Unknown link' },
  too_large: { result: 300, comment: 'Request too large' },
  bad_request: { result: 300, comment: 'Bad request' },
  bad_account: { result: 4, comment: 'Invalid account format' },
  not_found: { result: 5, comment: 'Driver not found' },
  bad_amount: { result: 300, comment: 'Invalid amount' },
  amount_too_small: { result: 241, comment: 'Amount too small' },
  amount_too_large: { result: 242, comment: 'Amount too large' },
  forbidden: { result: 7, comment: 'Payment forbidden' },
  unauthorized: { result: 7, comment: 'Payment forbidden' },
  conflict: { result: 300, comment: 'Transaction id reused with other data' },
  temporary: { result: 1, comment: 'Temporary error, retry later' }, // non-fatal: QIWI retries
  error: { result: 300, comment: 'Provider error' },
  // The commands these answer are not part of OSMP; listed so every refusal has a code.
  unknown_payment: { result: 300, comment: 'Unknown payment' },
  not_cancellable: { result: 300, comment: 'Payment cannot be cancelled' },
  not_confirmable: { result: 300, comment: 'Payment cannot be confirmed' },
};

export function renderOsmp(
  config: OsmpConfig,
  outcome: Outcome,
  context: OsmpContext | undefined,
  req: PspRequest,
): HttpAnswer {
  const txnId = context ? context.txnId : echoableTxnId(req.query.get(config.paramNames.txn_id));
  const echo = txnId === undefined ? '' : element('osmp_txn_id', txnId);
  switch (outcome.kind) {
    case 'check_ok': {
      const name = context?.exposeDriverName ? outcome.displayName : undefined;
      const fields = name ? `<fields><field1 name="name">${escapeXml(name)}</field1></fields>` : '';
      return answer(200, echo + element('result', '0') + fields + element('comment', 'OK'));
    }
    case 'pay_accepted': {
      // The currency was checked at parse; an accepted payment must still be answered 0, so no sum beats a throw.
      const { currency, amountMinor, prvTxn } = outcome.payment;
      const sum = isSupportedCurrency(currency) ? element('sum', formatMinor(amountMinor, currency)) : '';
      const ours = element('prv_txn', prvTxn) + sum;
      return answer(200, echo + ours + element('result', '0') + element('comment', 'OK'));
    }
    case 'refused': {
      const { result, comment } = REFUSALS[outcome.reason] ?? REFUSALS.error;
      const status = httpStatus(outcome.reason, context !== undefined);
      return answer(status, echo + element('result', String(result)) + element('comment', comment));
    }
    default:
      // OSMP's parse yields only check and pay; anything else reaching here is our bug, answered as provider error.
      return answer(200, echo + element('result', '300') + element('comment', REFUSALS.error.comment));
  }
}

/**
 * Business answers are HTTP 200 (README). An IP or credential refusal before parsing gets 403 instead: QIWI
 * treats any non-200 as temporary and retries, so a stale allow-list or a misconfigured wallet delays payments
 * until fixed rather than failing them for good with the fatal 7.
 */
function httpStatus(reason: Refusal, parsed: boolean): number {
  if (reason === 'unknown_link') return 404;
  if (reason === 'too_large') return 413;
  return !parsed && (reason === 'forbidden' || reason === 'unauthorized') ? 403 : 200;
}

function answer(status: number, inner: string): HttpAnswer {
  return {
    status,
    headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<response>${inner}</response>`,
  };
}
