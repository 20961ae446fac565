import { parseDecimalAmount } from '../../domain/money';
import type { CheckCommand, ParseResult, PayCommand, PspCommand, PspRequest, WalletContext } from '../types';
import { refusal, type Checked } from '../shared/checked';
import { checkAccount, checkAmount } from '../shared/terminal-rules';
import type { OsmpConfig, OsmpParam } from './config';
import { readOsmpParams } from './request-params';
import { parseOsmpDate } from './txn-date';
import { resolveWalletRules, type OsmpRules } from './wallet-rules';

/** What the answer needs from the request. */
export interface OsmpContext {
  /** The request's txn_id, kept only when it is all digits so that junk is never reflected. */
  readonly txnId?: string;
  readonly exposeDriverName: boolean;
}

const TXN_ID = /^\d{1,20}$/;

/** QIWI's payment id is an integer; anything else is neither accepted nor echoed. */
export function echoableTxnId(text: string | null | undefined): string | undefined {
  return text && TXN_ID.test(text) ? text : undefined;
}

export function parseOsmp(config: OsmpConfig, req: PspRequest, wallet: WalletContext): ParseResult<OsmpContext> {
  const resolved = resolveWalletRules(config, wallet);
  const { values, ambiguous } = readOsmpParams(req, resolved.ok ? resolved.rules.paramNames : config.paramNames);
  const txnId = echoableTxnId(values.txn_id);
  const context: OsmpContext = { txnId, exposeDriverName: resolved.ok && resolved.rules.exposeDriverName };

  const command = resolved.ok
    ? toCommand(values, ambiguous, txnId, resolved.rules)
    : refusal('error', resolved.message);
  return command.ok ? { ok: true, command: command.value, context } : { ...command, context };
}

function toCommand(
  values: Partial<Record<OsmpParam, string>>,
  ambiguous: readonly OsmpParam[],
  txnId: string | undefined,
  rules: OsmpRules,
): Checked<PspCommand> {
  const { command } = values;
  if (ambiguous.length > 0) return refusal('bad_request', `repeated with different values: ${ambiguous.join(', ')}`);
  if (command !== 'check' && command !== 'pay' && command !== 'getInfo') {
    return refusal('bad_request', 'command must be check, pay or getInfo');
  }
  // getInfo is a CHECK that registers nothing (as every CHECK here), asked before any payment exists: it may come
  // without txn_id, but a sent one must be valid.
  if (command === 'getInfo' && values.txn_id === undefined) return toCheck(values, undefined, rules);
  if (txnId === undefined) return refusal('bad_request', 'txn_id must be 1 to 20 digits');
  // QIWI's id is an integer: "0123" and "123" are one payment and must not credit twice.
  const pspTxnId = txnId.replace(/^0+(?=\d)/, '');
  return command === 'pay' ? toPay(values, pspTxnId, rules) : toCheck(values, pspTxnId, rules);
}

function toCheck(
  values: Partial<Record<OsmpParam, string>>,
  pspTxnId: string | undefined,
  rules: OsmpRules,
): Checked<CheckCommand> {
  const account = checkAccount(values.account, rules);
  if (!account.ok) return account;
  const check: CheckCommand = { kind: 'check', account: account.value, ...(pspTxnId !== undefined && { pspTxnId }) };
  if (values.sum === undefined) return { ok: true, value: check };
  const amount = readAmount(values.sum, rules, { zeroAllowed: true });
  if (!amount.ok) return amount;
  if (amount.value > 0n) check.amountMinor = amount.value;
  return { ok: true, value: check };
}

function toPay(values: Partial<Record<OsmpParam, string>>, pspTxnId: string, rules: OsmpRules): Checked<PayCommand> {
  const account = checkAccount(values.account, rules);
  if (!account.ok) return account;
  if (values.sum === undefined) return refusal('bad_request', 'sum is missing');
  const amount = readAmount(values.sum, rules, { zeroAllowed: false });
  if (!amount.ok) return amount;
  const paidAt = readTxnDate(values.txn_date, rules);
  if (!paidAt.ok) return paidAt;
  return {
    ok: true,
    value: {
      kind: 'pay',
      pspTxnId,
      account: account.value,
      amountMinor: amount.value,
      ...(paidAt.value && { paidAt: paidAt.value }),
    },
  };
}

/** Some networks send sum=0.00 at CHECK; a zero PAY is never valid. */
function readAmount(sum: string, rules: OsmpRules, { zeroAllowed }: { zeroAllowed: boolean }): Checked<bigint> {
  const badAmount = 'sum must be a decimal with at most the currency minor digits';
  return checkAmount(parseDecimalAmount(sum, rules.currency), rules, { field: 'sum', badAmount, zeroAllowed });
}

/** txn_date is optional (PayCommand.paidAt is), but when sent it must be a real date. */
function readTxnDate(text: string | undefined, rules: OsmpRules): Checked<Date | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  const date = parseOsmpDate(text, rules.txnDateUtcOffsetMinutes);
  return date ? { ok: true, value: date } : refusal('bad_request', 'txn_date must be a valid YYYYMMDDHHMMSS');
}
