import { parseDecimalAmount } from '../../domain/money';
import type { ParseResult, PspCommand, PspRequest, WalletContext } from '../types';
import { readParams, type ReadParams } from '../shared/query-params';
import { refusal, type Checked } from '../shared/checked';
import { checkAccount, checkAmount, type TerminalRules } from '../shared/terminal-rules';
import { resolveTellcellRules, type TellcellParam, type TellcellRules } from './settings';

/** What the answer needs from the request and the wallet. */
export interface TellcellContext {
  readonly exposeDriverName: boolean;
  readonly refusalCodes: TellcellRules['refusalCodes'];
  readonly statusCodes?: TellcellRules['statusCodes'];
}

const TXN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Telcell terminals call by GET (README: Rules): `action=check|payment|status`; a body is never read. */
export function parseTellcell(req: PspRequest, wallet: WalletContext): ParseResult<TellcellContext> {
  const resolved = resolveTellcellRules(wallet);
  if (!resolved.ok)
    return {
      ok: false,
      reason: 'error',
      message: resolved.message,
      context: { exposeDriverName: false, refusalCodes: {} },
    };
  const { rules } = resolved;
  const context: TellcellContext = {
    exposeDriverName: rules.exposeDriverName,
    refusalCodes: rules.refusalCodes,
    statusCodes: rules.statusCodes,
  };
  const command = toCommand(readParams(req.query, rules.paramNames), rules);
  return command.ok ? { ok: true, command: command.value, context } : { ...command, context };
}

function toCommand({ values, ambiguous }: ReadParams<TellcellParam>, rules: TellcellRules): Checked<PspCommand> {
  if (ambiguous.length > 0) return refusal('bad_request', `repeated with different values: ${ambiguous.join(', ')}`);
  const { action } = values;
  if (action === 'status') {
    const txnId = readTxnId(values.txn_id);
    return txnId.ok ? { ok: true, value: { kind: 'status', ref: { pspTxnId: txnId.value } } } : txnId;
  }
  // `rate` (currency rates) is part of the SDK but not of a top-up: refused like an unknown action.
  if (action !== 'check' && action !== 'payment')
    return refusal('bad_request', 'action must be check, payment or status');
  const account = checkAccount(values.account, rules);
  if (!account.ok) return account;
  if (action === 'check') {
    const amount = values.amount === undefined ? undefined : readAmount(values.amount, rules, { zeroAllowed: true });
    if (amount && !amount.ok) return amount;
    const amountMinor = amount?.value || undefined;
    return { ok: true, value: { kind: 'check', account: account.value, ...(amountMinor && { amountMinor }) } };
  }
  const txnId = readTxnId(values.txn_id);
  if (!txnId.ok) return txnId;
  if (values.amount === undefined) return refusal('bad_request', 'amount is missing');
  const amount = readAmount(values.amount, rules, { zeroAllowed: false });
  if (!amount.ok) return amount;
  return { ok: true, value: { kind: 'pay', pspTxnId: txnId.value, account: account.value, amountMinor: amount.value } };
}

function readTxnId(text: string | undefined): Checked<string> {
  return text !== undefined && TXN_ID.test(text)
    ? { ok: true, value: text }
    : refusal('bad_request', 'transaction id is missing or malformed');
}

/** A terminal may send a zero amount at check; a zero payment is never valid. */
function readAmount(
  text: string,
  rules: TerminalRules & { currency: string },
  { zeroAllowed }: { zeroAllowed: boolean },
): Checked<bigint> {
  return checkAmount(parseDecimalAmount(text, rules.currency), rules, {
    badAmount: 'amount is not a decimal',
    zeroAllowed,
  });
}
