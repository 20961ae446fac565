import type { ParseResult, PspCommand, PspRequest } from '../../types';
import { refusal, type Checked } from '../../shared/checked';
import { checkAccount } from '../../shared/terminal-rules';
import { readAmount } from '../amount';
import type { AmRules } from '../settings';
import { nonceOf } from './hmac';
import { readAmRequest, type AmEndpoint, type AmRequest } from './request';

/** What the answer needs from the request: the Nonce it is signed with, the ids an error echoes. */
export interface AmContext {
  readonly product: 'am';
  readonly endpoint?: AmEndpoint;
  readonly nonce?: string;
  readonly account?: string;
  /** The OrderId or BalanceInquiryId, once well-formed. */
  readonly traceId?: string;
  /** The request field an error is about. */
  readonly field?: string;
}

export function parseAm(req: PspRequest, rules: AmRules): ParseResult<AmContext> {
  const read = readAmRequest(req);
  const nonce = nonceOf(req.headers.nonce);
  const base = { product: 'am' as const, ...(nonce && { nonce }) };
  if (!read.ok) {
    const reason = read.field === 'Amount' ? 'bad_amount' : 'bad_request';
    return {
      ok: false,
      reason,
      message: read.message,
      context: { ...base, endpoint: read.endpoint, field: read.field },
    };
  }
  const r = read.request;
  const traceId = r.orderId || r.balanceInquiryId || undefined;
  const command = toCommand(r, rules);
  const account = command.ok && 'account' in command.value ? command.value.account : undefined;
  const context: AmContext = {
    ...base,
    endpoint: r.endpoint,
    ...(traceId && { traceId }),
    ...(account && { account }),
  };
  return command.ok
    ? { ok: true, command: command.value, context }
    : { ok: false, reason: command.reason, message: command.message, context };
}

function toCommand(r: AmRequest, rules: AmRules): Checked<PspCommand> {
  if (r.endpoint === 'ping') return { ok: true, value: { kind: 'ping' } };
  if (rules.merchantServiceIdentifierId && r.merchantServiceIdentifierId !== rules.merchantServiceIdentifierId) {
    return refusal('forbidden', 'MerchantServiceIdentifierId is not ours');
  }
  // Which input names the driver is the park's choice; by default the call must carry exactly one.
  const candidates = r.inputs.filter(
    (i) => rules.accountInputType === undefined || i.type === String(rules.accountInputType),
  );
  const [only] = candidates;
  if (!only || candidates.length > 1) return refusal('bad_request', 'cannot tell which input is the account');
  const account = checkAccount(only.value, rules);
  if (!account.ok) return account;
  if (r.endpoint === 'balance-inquiry') return { ok: true, value: { kind: 'check', account: account.value } };
  const amount = readAmount(r.amount, 'AMD', rules);
  if (!amount.ok) return amount;
  return { ok: true, value: { kind: 'pay', pspTxnId: r.orderId, account: account.value, amountMinor: amount.value } };
}
