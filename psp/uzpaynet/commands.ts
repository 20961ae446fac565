import type { PspCommand, Refusal } from '../types';
import { checkAccount, checkLimits } from '../shared/terminal-rules';
import { parseXsDateTime } from './datetime';
import type { Message, Operation } from './messages';
import { STATUS } from './statuses';
import type { PaynetRules } from './wallet-rules';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: Refusal; message: string; status?: number };

const LONG = /^\d{1,19}$/;
const MAX_LONG = 2n ** 63n - 1n;

/** A message that fits its shape, read into a command; `status` when Paynet has a more precise code (414, 502). */
export function toCommand(operation: Operation, { fields, params }: Message, rules: PaynetRules): Checked<PspCommand> {
  const serviceId = readLong(fields.serviceId);
  if (serviceId === undefined) return refusal('bad_request', 'serviceId must be an xs:long');
  if (rules.serviceId !== undefined && serviceId !== rules.serviceId) {
    return refusal('forbidden', 'serviceId is not this wallet’s', STATUS.outsideServiceArea);
  }
  if (operation === 'GetStatement') return readStatement(fields, rules);
  if (operation === 'GetInformation') {
    const account = readAccount(params, rules);
    return account.ok ? { ok: true, value: { kind: 'check', account: account.value } } : account;
  }
  const pspTxnId = readTransactionId(fields.transactionId);
  if (pspTxnId === undefined) return refusal('bad_request', 'transactionId must be a positive xs:long');
  const paidAt = parseXsDateTime(fields.transactionTime ?? '', rules.utcOffsetMinutes);
  if (!paidAt) return refusal('bad_request', 'transactionTime must be an xs:dateTime', STATUS.invalidDate);
  if (operation === 'CheckTransaction') return { ok: true, value: { kind: 'status', ref: { pspTxnId } } };
  if (operation === 'CancelTransaction') return { ok: true, value: { kind: 'cancel', ref: { pspTxnId } } };

  const account = readAccount(params, rules);
  if (!account.ok) return account;
  const amount = readAmount(fields.amount ?? '', rules);
  if (!amount.ok) return amount;
  return { ok: true, value: { kind: 'pay', pspTxnId, account: account.value, amountMinor: amount.value, paidAt } };
}

/** Paynet's interval is inclusive of dateTo; the statement query takes [from, to). */
function readStatement(fields: Readonly<Record<string, string>>, rules: PaynetRules): Checked<PspCommand> {
  const from = parseXsDateTime(fields.dateFrom ?? '', rules.utcOffsetMinutes);
  const to = parseXsDateTime(fields.dateTo ?? '', rules.utcOffsetMinutes);
  if (!from || !to) return refusal('bad_request', 'dateFrom and dateTo must be xs:dateTime', STATUS.invalidDate);
  if (from > to) return refusal('bad_request', 'dateFrom is after dateTo');
  const only = fields.onlyTransactionId;
  if (only !== undefined && !/^\s*(true|false|1|0)\s*$/.test(only))
    return refusal('bad_request', 'onlyTransactionId must be an xs:boolean');
  return { ok: true, value: { kind: 'statement', from, to: new Date(to.getTime() + 1) } };
}

/** The account is the parameter whose key the park agreed with Paynet; two different values for it are ambiguous. */
function readAccount(params: Message['params'], rules: PaynetRules): Checked<string> {
  const values = new Set(params.filter((p) => p.key === rules.accountParamKey).map((p) => p.value));
  const [account] = values;
  if (account === undefined || values.size > 1)
    return refusal('bad_request', `exactly one ${rules.accountParamKey} parameter is required`);
  return checkAccount(account, rules);
}

/** Tiyin are UZS minor units: the xs:long is taken as is, never through a float. */
function readAmount(text: string, rules: PaynetRules): Checked<bigint> {
  const amount = readLong(text);
  if (amount === undefined) return refusal('bad_amount', 'amount must be a whole number of tiyin');
  return checkLimits(amount, rules);
}

/** xs:long, whitespace collapsed as the schema does; signs are refused (no field here may be negative). */
function readLong(text: string | undefined): bigint | undefined {
  const trimmed = (text ?? '').trim();
  if (!LONG.test(trimmed)) return undefined;
  const value = BigInt(trimmed);
  return value <= MAX_LONG ? value : undefined;
}

/** "0123" and "123" are one Paynet transaction and must not credit twice. */
function readTransactionId(text: string | undefined): string | undefined {
  const id = readLong(text);
  return id !== undefined && id > 0n ? id.toString() : undefined;
}

function refusal(
  reason: Refusal,
  message: string,
  status?: number,
): { ok: false; reason: Refusal; message: string; status?: number } {
  return status === undefined ? { ok: false, reason, message } : { ok: false, reason, message, status };
}
