import { isSupportedCurrency, parseDecimalAmount } from '../../domain/money';
import type { ParseResult, PspCommand, PspRequest, WalletContext } from '../types';
import { refusal, type Checked } from '../shared/checked';
import { notificationParams } from './form';

/** Nothing of a notification is echoed: the answer is a result code alone. */
export type QiwiContext = Record<string, never>;

/** Our own bill ids (the invoice flow mints them): a conservative charset, safe in ids and URLs. */
const BILL_ID = /^[\w.:=@-]{1,200}$/;
const FIELDS = ['command', 'bill_id', 'status', 'error', 'amount', 'ccy', 'comment'] as const;
type Field = (typeof FIELDS)[number];

/**
 * A bill notification (README). `paid` → a PAY keyed by bill_id, for the driver of our invoice with that id: the
 * gateway looks it up; the comment is free text and never names anyone. Any other status is noted and dropped: only `paid` moves money, and `waiting`
 * or a final refusal of a bill we never credited needs nothing from us.
 */
export function parseQiwi(req: PspRequest, wallet: WalletContext): ParseResult<QiwiContext> {
  const command = toCommand(notificationParams(req), wallet);
  return command.ok ? { ok: true, command: command.value, context: {} } : { ...command, context: {} };
}

function toCommand(params: Array<[string, string]>, wallet: WalletContext): Checked<PspCommand> {
  const values: Partial<Record<Field, string>> = {};
  for (const [name, value] of params) {
    if (!(FIELDS as readonly string[]).includes(name)) continue;
    if (Object.hasOwn(values, name)) return refusal('bad_request', `${name} sent more than once`);
    values[name as Field] = value;
  }
  const { command, bill_id: billId, status, error, amount, ccy } = values;
  if (command !== 'bill') return refusal('bad_request', 'command must be bill');
  if (billId === undefined || !BILL_ID.test(billId)) return refusal('bad_request', 'bill_id is missing or malformed');
  if (!status) return refusal('bad_request', 'status is missing');
  if (status !== 'paid') return { ok: true, value: { kind: 'ignore', why: `bill status ${status.slice(0, 20)}` } };
  if (error !== '0') return { ok: true, value: { kind: 'ignore', why: 'paid bill without error=0' } };

  if (ccy !== wallet.currency || !isSupportedCurrency(wallet.currency))
    return refusal('bad_amount', 'ccy is not the wallet currency');
  const parsed = parseDecimalAmount(amount ?? '', wallet.currency);
  if (!parsed.ok)
    return refusal(parsed.reason === 'negative' ? 'amount_too_small' : 'bad_amount', 'amount is not an exact decimal');
  if (parsed.minor === 0n) return refusal('amount_too_small', 'amount must be positive');
  return {
    ok: true,
    value: {
      kind: 'pay',
      pspTxnId: billId,
      account: '',
      amountMinor: parsed.minor,
      verifyWithPsp: false,
      byInvoice: true,
    },
  };
}
