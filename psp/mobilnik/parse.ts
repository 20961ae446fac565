import type { JWTPayload } from 'jose';
import { parseDecimalAmount } from '../../domain/money';
import type { PayCommand, PspRequest, WalletContext } from '../types';
import { refusal, type Checked } from '../shared/checked';
import { checkAmount, parseMinorUnits } from '../shared/terminal-rules';
import { verifyPostbackJwt } from './jwt';
import { resolveWebRules, type WebRules } from './web-settings';

const ACCOUNT = /^[A-Za-z0-9_-]{1,64}$/;
// The order id is the whole success answer: only characters that cannot be mistaken for a refusal text (no spaces).
const ORDER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The acquiring postback (README): the raw JWT is the body; verified, then a PAY keyed on `response.orderId`. */
export function readPostback(req: PspRequest, wallet: WalletContext, now: Date): Checked<PayCommand> {
  const resolved = resolveWebRules(wallet);
  if (!resolved.ok) return refusal('forbidden', resolved.message);
  const rules = resolved.rules;
  if (req.method.toUpperCase() !== 'POST') return refusal('bad_request', 'the postback is a POST');
  const token = req.rawBody.toString('latin1').trim();
  const secret = wallet.credentials.sellerSecret ?? '';
  const verified = verifyPostbackJwt(token, {
    secret,
    now,
    clockToleranceSeconds: rules.clockToleranceSeconds,
    issuer: rules.sellerId,
  });
  return verified.ok ? toPay(verified.value, rules) : verified;
}

function toPay(claims: JWTPayload, rules: WebRules): Checked<PayCommand> {
  const request = record(claims.request);
  const orderId = readOrderId(record(claims.response)?.orderId);
  if (!request || orderId === undefined) return refusal('bad_request', 'request and response.orderId are required');
  if (request.test === true && !rules.acceptTestPayments) return refusal('forbidden', 'test payments are not credited');
  if (request.currencyCode !== rules.currency) return refusal('bad_request', `currencyCode must be ${rules.currency}`);
  const account = record(request.sellerData)?.[rules.accountKey];
  if (typeof account !== 'string' || !ACCOUNT.test(account))
    return refusal('bad_account', 'sellerData names no driver');
  const amount = readTotalSum(request.totalSum, rules);
  return amount.ok
    ? { ok: true, value: { kind: 'pay', pspTxnId: orderId, account, amountMinor: amount.value } }
    : amount;
}

/** totalSum is a JSON number in the OSS seller (a float of som); a number's shortest decimal form is parsed exactly. */
function readTotalSum(value: unknown, rules: WebRules): Checked<bigint> {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  if (text === undefined) return refusal('bad_amount', 'totalSum must be a number');
  const parsed = rules.totalSumUnit === 'major' ? parseDecimalAmount(text, rules.currency) : parseMinorUnits(text);
  return checkAmount(parsed, rules, { field: 'totalSum', badAmount: 'totalSum is not an amount' });
}

function readOrderId(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  return typeof text === 'string' && ORDER_ID.test(text) ? text : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
