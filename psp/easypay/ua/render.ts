import { element } from '../../shared/xml';
import type { HttpAnswer, Outcome, Refusal } from '../../types';
import type { UaRules } from '../settings';
import { formatLocal } from './dates';
import type { UaContext } from './parse';
import { signResponse } from './sign';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const DEFAULT_TIME_ZONE = 'Europe/Kyiv';

/**
 * StatusCode 0 is success; errors are negative. -5x and -95 are php_EasyPay's; EasySoft lets the provider choose the
 * business codes, so -40 … -49 and -90/-99 are ours (assumed: tell EasySoft). Details are fixed texts, never echoes.
 */
const REFUSALS: Readonly<Record<Refusal, { code: number; detail: string }>> = {
  unknown_link: { code: -99, detail: 'Unknown link' },
  too_large: { code: -50, detail: 'Error in request' },
  bad_request: { code: -57, detail: 'Error in request' },
  unauthorized: { code: -95, detail: 'Signature error' },
  not_found: { code: -40, detail: 'Account not found' },
  bad_account: { code: -41, detail: 'Invalid account format' },
  bad_amount: { code: -42, detail: 'Invalid amount' },
  amount_too_small: { code: -43, detail: 'Amount too small' },
  amount_too_large: { code: -44, detail: 'Amount too large' },
  forbidden: { code: -45, detail: 'Payment forbidden' },
  conflict: { code: -46, detail: 'OrderId already used for another payment' },
  unknown_payment: { code: -47, detail: 'Payment not found' },
  not_cancellable: { code: -48, detail: 'Payment cannot be cancelled' },
  not_confirmable: { code: -49, detail: 'Payment cannot be confirmed' },
  temporary: { code: -90, detail: 'Temporary error, retry later' },
  error: { code: -99, detail: 'Error while processing request' },
};
const STRUCTURE_DETAIL: Readonly<Record<number, string>> = { [-58]: 'This request is not for us' };

/**
 * Payment answers take their DateTime from the stored payment, so a repeat is the same answer byte for byte
 * (RSA PKCS#1 v1.5 signatures are deterministic); other answers carry the time of answering.
 */
export function renderUa(
  outcome: Outcome,
  context: UaContext | undefined,
  rules: UaRules | undefined,
  now: Date,
): HttpAnswer {
  const zone = rules?.timeZone ?? DEFAULT_TIME_ZONE;
  const at = (date: Date) => element('DateTime', formatLocal(date, zone));
  const ok = (date: Date, extra: string) =>
    element('StatusCode', '0') + element('StatusDetail', 'checked') + at(date) + extra;
  switch (outcome.kind) {
    case 'check_ok': {
      const name = rules?.exposeDriverName && outcome.displayName ? element('Fio', outcome.displayName) : '';
      return answer(
        200,
        ok(now, `<AccountInfo>${element('Account', context?.account ?? '')}${name}</AccountInfo>`),
        rules,
      );
    }
    case 'pay_accepted':
      return answer(200, ok(outcome.payment.createdAt, element('PaymentId', outcome.payment.prvTxn)), rules);
    case 'confirmed': {
      const confirmedAt = outcome.payment.confirmedAt ?? now;
      return answer(200, ok(confirmedAt, element('OrderDate', formatLocal(confirmedAt, zone))), rules);
    }
    case 'cancelled': {
      const cancelledAt = outcome.payment.cancelledAt ?? now;
      return answer(200, ok(cancelledAt, element('CancelDate', formatLocal(cancelledAt, zone))), rules);
    }
    case 'refused': {
      const known = REFUSALS[outcome.reason] ?? REFUSALS.error;
      const code = context?.statusCode ?? known.code;
      const detail = STRUCTURE_DETAIL[code] ?? known.detail;
      const status = outcome.reason === 'unknown_link' ? 404 : outcome.reason === 'too_large' ? 413 : 200;
      return answer(status, element('StatusCode', String(code)) + element('StatusDetail', detail) + at(now), rules);
    }
    default:
      // EasyPay UA never asks for anything else; reaching here is our bug.
      return answer(
        200,
        element('StatusCode', String(REFUSALS.error.code)) + element('StatusDetail', REFUSALS.error.detail) + at(now),
        rules,
      );
  }
}

function answer(status: number, inner: string, rules: UaRules | undefined): HttpAnswer {
  const unsigned = `${XML_HEAD}<Response>${inner}</Response>`;
  const sign = rules?.keys && signResponse(unsigned, rules.keys.ours);
  const body = sign ? `${XML_HEAD}<Response>${inner}${element('Sign', sign)}</Response>` : unsigned;
  return { status, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body };
}
