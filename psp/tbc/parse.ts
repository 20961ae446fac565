import { parseDecimalAmount } from '../../domain/money';
import type { ParseResult, PspCommand, PspRequest, WalletContext } from '../types';
import { readParams, type ReadParams } from '../shared/query-params';
import { refusal, type Checked } from '../shared/checked';
import { checkAccount, checkLimits } from '../shared/terminal-rules';
import { resolveTbcRules, type TbcParam, type TbcRules } from './settings';

/** What the answer needs from the request and the wallet. */
export interface TbcContext {
  readonly exposeDriverName: boolean;
  readonly duplicateResult: 0 | 215;
}

const TXN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** TBC calls by GET with the parameters in the query (README: Rules); a body is never read. */
export function parseTbc(req: PspRequest, wallet: WalletContext): ParseResult<TbcContext> {
  const resolved = resolveTbcRules(wallet);
  if (!resolved.ok)
    return {
      ok: false,
      reason: 'error',
      message: resolved.message,
      context: { exposeDriverName: false, duplicateResult: 0 },
    };
  const { rules } = resolved;
  const context: TbcContext = { exposeDriverName: rules.exposeDriverName, duplicateResult: rules.duplicateResult };
  const command = toCommand(readParams(req.query, rules.paramNames), rules);
  return command.ok ? { ok: true, command: command.value, context } : { ...command, context };
}

function toCommand(read: ReadParams<TbcParam>, rules: TbcRules): Checked<PspCommand> {
  const { values, ambiguous } = read;
  if (ambiguous.length > 0) return refusal('bad_request', `repeated with different values: ${ambiguous.join(', ')}`);
  if (values.command !== 'check' && values.command !== 'pay')
    return refusal('bad_request', 'command must be check or pay');
  const account = checkAccount(values.account, rules);
  if (!account.ok) return account;
  if (values.command === 'check') return { ok: true, value: { kind: 'check', account: account.value } };

  const txnId = values.txn_id;
  if (txnId === undefined || !TXN_ID.test(txnId)) return refusal('bad_request', 'txn_id is missing or malformed');
  if (values.sum === undefined) return refusal('bad_request', 'sum is missing');
  const parsed = parseDecimalAmount(values.sum, rules.currency);
  if (!parsed.ok) {
    return parsed.reason === 'negative'
      ? refusal('amount_too_small', 'sum is negative')
      : refusal('bad_amount', 'sum is not a decimal amount');
  }
  const amount = checkLimits(parsed.minor, rules);
  if (!amount.ok) return amount;
  return { ok: true, value: { kind: 'pay', pspTxnId: txnId, account: account.value, amountMinor: amount.value } };
}
