import type { PspSimulator, SimArgs, SimKeys, SimRequest } from '../simulator';
import { UnknownOperationError } from '../simulator';
import { idramChecksum } from './checksum';

const OPERATIONS = ['precheck', 'payment'] as const;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** `dd/mm/yyyy` in Yerevan time (UTC+4), as Idram's fixtures show EDP_TRANS_DATE. */
function transDate(date: Date): string {
  const [year, month, day] = new Date(date.getTime() + 4 * 3_600_000).toISOString().slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

/**
 * Idram's side (README): the precheck, then the signed confirmation, to RESULT_URL. The bill number is the account;
 * keys: `recAccount` (our IdramID) and `secretKey`. `--set` adds or overrides fields after signing (e.g. EDP_CHECKSUM).
 */
export const idramSimulator: PspSimulator = {
  code: 'idram',
  operations: OPERATIONS,
  build(operation, args, keys): SimRequest {
    if (operation === 'precheck') return post({ EDP_PRECHECK: 'YES', ...billOf(args, keys) }, args);
    if (operation === 'payment') return post(signed(args, keys), args);
    throw new UnknownOperationError('idram', operation, OPERATIONS);
  },
  read(_operation, answer) {
    const text = answer.body.trim();
    return { ok: answer.status === 200 && text === 'OK', code: text || `http ${answer.status}`, parsed: text };
  },
};

function billOf(args: SimArgs, keys: SimKeys) {
  return { EDP_BILL_NO: args.account, EDP_REC_ACCOUNT: keys.recAccount ?? '', EDP_AMOUNT: args.amount };
}

function signed(args: SimArgs, keys: SimKeys): Record<string, string> {
  const bill = billOf(args, keys);
  const fields = {
    ...bill,
    EDP_PAYER_ACCOUNT: '100012345',
    EDP_TRANS_ID: args.txnId,
    EDP_TRANS_DATE: transDate(args.date ?? new Date()),
  };
  const checksum = idramChecksum({
    recAccount: bill.EDP_REC_ACCOUNT,
    amount: bill.EDP_AMOUNT,
    secretKey: keys.secretKey ?? '',
    billNo: bill.EDP_BILL_NO,
    payerAccount: fields.EDP_PAYER_ACCOUNT,
    transId: fields.EDP_TRANS_ID,
    transDate: fields.EDP_TRANS_DATE,
  });
  return { ...fields, EDP_CHECKSUM: checksum.toUpperCase() };
}

function post(fields: Record<string, string>, args: SimArgs): SimRequest {
  return {
    method: 'POST',
    suffix: '',
    headers: FORM,
    body: new URLSearchParams({ ...fields, ...args.extra }).toString(),
  };
}
