import { parseDecimalAmount } from '../../domain/money';
import type { ParseResult, PspCommand, PspRequest, WalletContext } from '../types';
import { refusal, type Checked } from '../shared/checked';
import { checkAmount } from '../shared/terminal-rules';
import { checksumMatches } from './checksum';
import { readIdramForm, type IdramForm } from './form';
import { resolveIdramRules, type IdramRules } from './settings';

/** Idram's answers are plain text that echoes nothing, so nothing is carried from parse to render. */
export type IdramContext = undefined;

const TRANS_ID = /^[A-Za-z0-9]{1,32}$/; // documented as char(14); a little slack costs nothing
const MAX_FIELD_LENGTH = 200;

export function parseIdram(req: PspRequest, wallet: WalletContext): ParseResult<IdramContext> {
  const command = readIdramCall(req, wallet);
  return command.ok ? { ok: true, command: command.value, context: undefined } : { ...command, context: undefined };
}

/** Both callbacks to RESULT_URL: the precheck (EDP_PRECHECK=YES, unsigned) → check, the confirmation → pay. */
export function readIdramCall(req: PspRequest, wallet: WalletContext): Checked<PspCommand> {
  const resolved = resolveIdramRules(wallet);
  if (!resolved.ok) return refusal('forbidden', resolved.message);
  const rules = resolved.rules;
  const read = readIdramForm(req);
  if (!read.ok) return refusal('bad_request', read.message);
  const form = read.form;
  if (Object.values(form).some((value) => value.length > MAX_FIELD_LENGTH))
    return refusal('bad_request', 'field too long');
  const { EDP_PRECHECK: precheck, EDP_REC_ACCOUNT: recAccount, EDP_BILL_NO: billNo, EDP_AMOUNT: amount } = form;
  if (precheck !== undefined && precheck !== 'YES') return refusal('bad_request', 'EDP_PRECHECK must be YES when sent');
  if (recAccount === undefined || billNo === undefined || amount === undefined) {
    return refusal('bad_request', 'EDP_REC_ACCOUNT, EDP_BILL_NO and EDP_AMOUNT are required');
  }
  if (recAccount !== rules.recAccount) return refusal('forbidden', 'EDP_REC_ACCOUNT is not this wallet');
  // Checked at the precheck too: passing a payment we could not then confirm would strand the payer's money.
  const secretKey = wallet.credentials.secretKey;
  if (!secretKey) return refusal('forbidden', 'wallet has no secretKey credential');

  if (precheck === 'YES') {
    const call = readBill(billNo, amount, rules);
    return call.ok ? { ok: true, value: { kind: 'check', ...call.value } } : call;
  }
  const signed = verifyConfirmation(form, secretKey, rules);
  if (!signed.ok) return signed;
  const call = readBill(billNo, amount, rules);
  if (!call.ok) return call;
  return { ok: true, value: { kind: 'pay', pspTxnId: signed.value, ...call.value } };
}

/** The checksum is verified before anything of the confirmation is interpreted; answers EDP_TRANS_ID. */
function verifyConfirmation(form: IdramForm, secretKey: string, rules: IdramRules): Checked<string> {
  const {
    EDP_PAYER_ACCOUNT: payerAccount,
    EDP_TRANS_ID: transId,
    EDP_TRANS_DATE: transDate,
    EDP_CHECKSUM: checksum,
  } = form;
  if (payerAccount === undefined || transId === undefined || transDate === undefined || checksum === undefined) {
    return refusal('bad_request', 'EDP_PAYER_ACCOUNT, EDP_TRANS_ID, EDP_TRANS_DATE and EDP_CHECKSUM are required');
  }
  const parts = {
    recAccount: rules.recAccount,
    amount: form.EDP_AMOUNT ?? '',
    secretKey,
    billNo: form.EDP_BILL_NO ?? '',
    payerAccount,
    transId,
    transDate,
  };
  if (!checksumMatches(checksum, parts)) return refusal('unauthorized', 'EDP_CHECKSUM not correct');
  if (!TRANS_ID.test(transId)) return refusal('bad_request', 'EDP_TRANS_ID must be letters and digits');
  return { ok: true, value: transId };
}

function readBill(
  billNo: string,
  amount: string,
  rules: IdramRules,
): Checked<{ account: string; amountMinor: bigint }> {
  const account = rules.billNo.match(billNo)?.account;
  if (!account) return refusal('bad_account', 'EDP_BILL_NO does not name a driver');
  const badAmount = 'EDP_AMOUNT must be a decimal with at most two decimals';
  const limits = checkAmount(parseDecimalAmount(amount, 'AMD'), rules, { field: 'EDP_AMOUNT', badAmount });
  return limits.ok ? { ok: true, value: { account, amountMinor: limits.value } } : limits;
}
