import { parseDecimalAmount } from '../../domain/money';
import type { ParseResult, PspCommand, PspRequest, WalletContext } from '../types';
import { refusal, type Checked } from '../shared/checked';
import { checkAccount, checkAmount, parseMinorUnits } from '../shared/terminal-rules';
import { readElecsnetForm, type ElecsnetForm } from './form';
import { isWalletCurrency, resolveElecsnetRules, type ElecsnetRules } from './settings';
import { splitSigned } from './signature';

/** What the answer needs from the request and the wallet. */
export interface ElecsnetContext {
  readonly exposeDriverName: boolean;
  readonly duplicateAnsCode: '01' | '00';
}

const AUTH_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** Only the signed part of the body is read (README: Rules): `type=1` CHECK, `type=2` PAY. */
export function parseElecsnet(req: PspRequest, wallet: WalletContext): ParseResult<ElecsnetContext> {
  const resolved = resolveElecsnetRules(wallet);
  if (!resolved.ok)
    return {
      ok: false,
      reason: 'error',
      message: resolved.message,
      context: { exposeDriverName: false, duplicateAnsCode: '01' },
    };
  const { rules } = resolved;
  const context: ElecsnetContext = {
    exposeDriverName: rules.exposeDriverName,
    duplicateAnsCode: rules.duplicateAnsCode,
  };
  const signed = splitSigned(req.rawBody);
  const command = signed
    ? toCommand(readElecsnetForm(signed.payload), rules)
    : refusal('bad_request', 'body is not a signed form');
  return command.ok ? { ok: true, command: command.value, context } : { ...command, context };
}

function toCommand({ values, ambiguous }: ElecsnetForm, rules: ElecsnetRules): Checked<PspCommand> {
  if (ambiguous.length > 0) return refusal('bad_request', `repeated with different values: ${ambiguous.join(', ')}`);
  const type = values.get('type');
  if (type !== '1' && type !== '2') return refusal('bad_request', 'type must be 1 (check) or 2 (pay)');
  const account = checkAccount(values.get('reqid'), rules);
  if (!account.ok) return account;
  if (type === '1') return { ok: true, value: { kind: 'check', account: account.value } };

  const authCode = values.get('auth_code');
  if (authCode === undefined || !AUTH_CODE.test(authCode))
    return refusal('bad_request', 'auth_code is missing or malformed');
  const currency = values.get('currency');
  if (currency === undefined || !isWalletCurrency(currency, rules.currency))
    return refusal('bad_request', 'currency is not the wallet currency');
  const amount = readAmount(values.get('amount'), rules);
  if (!amount.ok) return amount;
  // `date` is not read: its format is not known (README: Sources), and PayCommand.paidAt is optional.
  return { ok: true, value: { kind: 'pay', pspTxnId: authCode, account: account.value, amountMinor: amount.value } };
}

function readAmount(text: string | undefined, rules: ElecsnetRules): Checked<bigint> {
  if (text === undefined) return refusal('bad_request', 'amount is missing');
  return rules.amountUnit === 'minor'
    ? checkAmount(parseMinorUnits(text), rules, { badAmount: 'amount must be an integer in minor units' })
    : checkAmount(parseDecimalAmount(text, rules.currency), rules, { badAmount: 'amount is not a decimal' });
}
