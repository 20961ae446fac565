import type { ParseResult, PspCommand, PspRequest, Refusal } from '../../types';
import { refusal, type Checked } from '../../shared/checked';
import { checkAccount } from '../../shared/terminal-rules';
import { readAmount } from '../amount';
import type { UaRules } from '../settings';
import { parseLocal } from './dates';
import { readUaRequest, type UaField, type UaRequest } from './request';

/** What the answer needs from the request. */
export interface UaContext {
  readonly product: 'ua';
  /** Echoed in Check's AccountInfo once it passed the account rule. */
  readonly account?: string;
  /** EasySoft's own code for a structural error (-52 … -58), where it has one. */
  readonly statusCode?: number;
}

const ORDER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Our PaymentId is a transaction id: digits only. */
const PAYMENT_ID = /^\d{1,18}$/;

export function parseUa(req: PspRequest, rules: UaRules): ParseResult<UaContext> {
  const read = readUaRequest(req.rawBody);
  if (!read.ok)
    return {
      ok: false,
      reason: 'bad_request',
      message: read.message,
      context: { product: 'ua', statusCode: read.code },
    };
  const command = toCommand(read.request, rules);
  const account = command.ok && command.value.kind === 'check' ? command.value.account : undefined;
  const statusCode = !command.ok && 'statusCode' in command ? command.statusCode : undefined;
  const context: UaContext = {
    product: 'ua',
    ...(account !== undefined && { account }),
    ...(statusCode !== undefined && { statusCode }),
  };
  return command.ok
    ? { ok: true, command: command.value, context }
    : { ok: false, reason: command.reason, message: command.message, context };
}

type Coded<T> = Checked<T> | { ok: false; reason: Refusal; message: string; statusCode?: number };

function toCommand({ operation, dateTime, sign, fields }: UaRequest, rules: UaRules): Coded<PspCommand> {
  const missing = required(operation).find((name) => !fields[name]);
  if (!dateTime || sign === undefined || missing)
    return coded('bad_request', `missing ${missing ?? 'DateTime or Sign'}`, -57);
  if (!isOurService(fields.ServiceId, rules)) return coded('forbidden', 'request is not for our ServiceId', -58);
  const { Account = '', OrderId = '', Amount = '', PaymentId = '' } = fields;
  if (operation === 'Confirm' || operation === 'Cancel') {
    if (!PAYMENT_ID.test(PaymentId)) return refusal('unknown_payment', 'PaymentId is not one of ours');
    const ref = { prvTxn: BigInt(PaymentId).toString() };
    return { ok: true, value: operation === 'Confirm' ? { kind: 'confirm', ref } : { kind: 'cancel', ref } };
  }
  const account = checkAccount(Account, rules);
  if (!account.ok) return account;
  if (operation === 'Check') return { ok: true, value: { kind: 'check', account: account.value } };

  if (!ORDER_ID.test(OrderId)) return coded('bad_request', 'OrderId must be 1 to 64 letters, digits or _.:-', -57);
  const amount = readAmount(Amount, 'UAH', rules);
  if (!amount.ok) return amount;
  const paidAt = parseLocal(dateTime, rules.timeZone);
  if (!paidAt) return coded('bad_request', 'DateTime must be YYYY-MM-DDThh:mm:ss', -57);
  // Registered now, credited only on Confirm (README: EasyPay.ua).
  return {
    ok: true,
    value: { kind: 'pay', pspTxnId: OrderId, account: account.value, amountMinor: amount.value, paidAt, hold: true },
  };
}

/** Compared as numbers, like php_EasyPay's intval: "01234" is service 1234. */
function isOurService(serviceId: string | undefined, rules: UaRules): boolean {
  return serviceId !== undefined && /^\d{1,18}$/.test(serviceId) && BigInt(serviceId).toString() === rules.serviceId;
}

function required(operation: UaRequest['operation']): UaField[] {
  if (operation === 'Check') return ['ServiceId', 'Account'];
  if (operation === 'Payment') return ['ServiceId', 'OrderId', 'Account', 'Amount'];
  return ['ServiceId', 'PaymentId'];
}

function coded(reason: Refusal, message: string, statusCode: number): Coded<never> {
  return { ok: false, reason, message, statusCode };
}
