import type { HttpAnswer, Outcome, Refusal, WalletContext } from '../types';
import { ansidText } from './answer-text';
import type { ElecsnetContext } from './parse';
import { rsaPrivateKey, signHex } from './signature';

/**
 * `ans_code`s (README): 00 ok, 01 already registered, 48 client not found, 62 any other error (the terminal shows
 * the first `ansid` field and leaves the payment). Texts are fixed: nothing the caller sent is echoed back.
 */
const REFUSALS: Readonly<Record<Refusal, { code: '48' | '62'; ansid: string }>> = {
  unknown_link: { code: '62', ansid: 'Service_unavailable' },
  too_large: { code: '62', ansid: 'Bad_request' },
  bad_request: { code: '62', ansid: 'Bad_request' },
  bad_account: { code: '48', ansid: '' },
  not_found: { code: '48', ansid: '' },
  bad_amount: { code: '62', ansid: 'Invalid_amount' },
  amount_too_small: { code: '62', ansid: 'Amount_too_small' },
  amount_too_large: { code: '62', ansid: 'Amount_too_large' },
  forbidden: { code: '62', ansid: 'Payment_not_allowed' },
  unauthorized: { code: '62', ansid: 'Access_denied' },
  conflict: { code: '62', ansid: 'Transaction_id_already_used' },
  unknown_payment: { code: '62', ansid: 'Unknown_payment' },
  not_cancellable: { code: '62', ansid: 'Payment_cannot_be_cancelled' },
  not_confirmable: { code: '62', ansid: 'Payment_cannot_be_confirmed' },
  temporary: { code: '62', ansid: 'Temporary_error._Try_again_later' },
  error: { code: '62', ansid: 'Error._Contact_the_taxi_park' },
};

export function renderElecsnet(
  outcome: Outcome,
  context: ElecsnetContext | undefined,
  wallet: WalletContext | undefined,
): HttpAnswer {
  const signed = (status: number, fields: [string, string][]) => answer(status, fields, wallet);
  switch (outcome.kind) {
    case 'check_ok': {
      const name = context?.exposeDriverName && outcome.displayName ? ansidText(outcome.displayName) : '';
      return signed(200, [
        ['ans_code', '00'],
        ['ansid', name],
        ['message', 'OK'],
      ]);
    }
    case 'pay_accepted':
      if (outcome.repeat && context?.duplicateAnsCode !== '00')
        return signed(200, [
          ['ans_code', '01'],
          ['message', 'Payment_already_registered'],
        ]);
      return signed(200, [
        ['ans_code', '00'],
        ['message', 'OK'],
      ]);
    case 'refused': {
      const { code, ansid } = REFUSALS[outcome.reason] ?? REFUSALS.error;
      const status = httpStatus(outcome.reason, context !== undefined);
      if (code === '48')
        return signed(status, [
          ['ans_code', code],
          ['message', 'Client_not_found'],
        ]);
      return signed(status, [
        ['ans_code', code],
        ['ansid', ansid],
        ['message', 'Error'],
      ]);
    }
    default:
      // Elecsnet's parse yields only check and pay; anything else reaching here is our bug.
      return signed(200, [
        ['ans_code', '62'],
        ['ansid', REFUSALS.error.ansid],
        ['message', 'Error'],
      ]);
  }
}

/** Business answers are HTTP 200; an IP or signature refused before parsing gets 403, a wrong link 404. */
function httpStatus(reason: Refusal, parsed: boolean): number {
  if (reason === 'unknown_link') return 404;
  if (reason === 'too_large') return 413;
  return !parsed && (reason === 'forbidden' || reason === 'unauthorized') ? 403 : 200;
}

/**
 * `name=value&…` unescaped, then `&signature=` with MD5withRSA over the windows-1251 bytes of what precedes it. Our
 * texts are ASCII, so those bytes are what the gateway sends (as UTF-8, which Express insists on). Without a wallet (unknown link, oversized body) or a
 * usable `ourPrivateKey` credential the answer goes unsigned: Elecsnet rejects it, which is what it should do.
 */
function answer(status: number, fields: [string, string][], wallet: WalletContext | undefined): HttpAnswer {
  const text = fields.map(([name, value]) => `${name}=${value}`).join('&');
  const key = rsaPrivateKey(wallet?.credentials.ourPrivateKey);
  const signature = key && signHex(Buffer.from(text, 'latin1'), key);
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: signature ? `${text}&signature=${signature}` : text,
  };
}
