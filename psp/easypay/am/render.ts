import type { HttpAnswer, Outcome, PspRequest, Refusal } from '../../types';
import type { AmRules } from '../settings';
import { hmacBase64, nonceOf } from './hmac';
import type { AmContext } from './parse';

/** The guide asks for real HTTP statuses, and names only 200, 400, 401, 404 and 500. */
const REFUSALS: Readonly<Record<Refusal, { status: 400 | 401 | 404 | 500; type: string; message: string }>> = {
  unknown_link: { status: 404, type: 'NotFoundException', message: 'Unknown link' },
  too_large: { status: 400, type: 'BadRequestException', message: 'Request too large' },
  bad_request: { status: 400, type: 'BadRequestException', message: 'Bad request' },
  bad_account: { status: 400, type: 'BadRequestException', message: 'Invalid account format' },
  bad_amount: { status: 400, type: 'BadRequestException', message: 'Invalid amount' },
  amount_too_small: { status: 400, type: 'BadRequestException', message: 'Amount too small' },
  amount_too_large: { status: 400, type: 'BadRequestException', message: 'Amount too large' },
  conflict: { status: 400, type: 'BadRequestException', message: 'OrderId already used for another payment' },
  not_cancellable: { status: 400, type: 'BadRequestException', message: 'Payment cannot be cancelled' },
  not_confirmable: { status: 400, type: 'BadRequestException', message: 'Payment cannot be confirmed' },
  unauthorized: { status: 401, type: 'UnauthorizedException', message: 'Invalid HMAC' },
  forbidden: { status: 401, type: 'UnauthorizedException', message: 'Payment forbidden' },
  not_found: { status: 404, type: 'NotFoundException', message: 'Account not found' },
  unknown_payment: { status: 404, type: 'NotFoundException', message: 'Payment not found' },
  temporary: { status: 500, type: 'InternalServerErrorException', message: 'Temporary error, retry later' },
  error: { status: 500, type: 'InternalServerErrorException', message: 'Internal error' },
};
const NO_DEBT = 0;

/** Successful answers are signed in `Authorization: HMAC …` over the guide's fields and the request's Nonce. */
export function renderAm(
  outcome: Outcome,
  context: AmContext | undefined,
  req: PspRequest,
  rules: AmRules | undefined,
): HttpAnswer {
  const nonce = context?.nonce ?? nonceOf(req.headers.nonce);
  const signed = (body: unknown, signedText: string): HttpAnswer => {
    const auth: Record<string, string> =
      rules && nonce ? { Authorization: `HMAC ${hmacBase64(rules.hmacKey, signedText + nonce)}` } : {};
    return json(200, body, auth);
  };
  switch (outcome.kind) {
    case 'check_ok': {
      // A top-up has no debt to show; the driver's name only when the park opts in.
      const name =
        rules?.exposeDriverName && outcome.displayName ? [{ Key: 'Driver', Value: outcome.displayName }] : [];
      const properties = [{ Key: 'Account', Value: context?.account ?? '' }, ...name];
      return signed({ Debt: NO_DEBT, Properties: properties }, `${NO_DEBT}${properties.map((p) => p.Value).join('')}`);
    }
    case 'pay_accepted':
      return signed({ PaymentId: outcome.payment.prvTxn }, outcome.payment.prvTxn);
    case 'pong':
      return json(200, { Status: 'OK' }, {});
    case 'refused':
      return error(outcome.reason, context, nonce);
    default:
      // EasyPay.am never asks for anything else; reaching here is our bug.
      return error('error', context, nonce);
  }
}

/** The guide's error body; every text in it is fixed or an id already checked for shape. */
function error(reason: Refusal, context: AmContext | undefined, nonce: string | undefined): HttpAnswer {
  const { status, type, message } = REFUSALS[reason] ?? REFUSALS.error;
  return json(
    status,
    {
      RequestId: nonce ?? '',
      TraceId: context?.traceId ?? '',
      Instance: context?.endpoint ? `/api/${context.endpoint}` : '',
      StatusCode: status,
      Type: type,
      Errors: context?.field ? { [context.field]: message } : {},
      Message: message,
    },
    {},
  );
}

function json(status: number, body: unknown, headers: Record<string, string>): HttpAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
