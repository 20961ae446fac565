import { postForm } from '../osmp/fixtures/http';
import type { WalletContext } from '../types';
import { idramChecksum } from './checksum';
import { REC_ACCOUNT, TEST_SECRET_KEY } from './fixtures/samples';
import { idramAdapter as adapter } from './index';

const wallet = (credentials: Record<string, string> = { secretKey: TEST_SECRET_KEY }): WalletContext => ({
  id: 'w1',
  parkId: 'p1',
  psp: 'idram',
  currency: 'AMD',
  settings: { recAccount: REC_ACCOUNT },
  credentials,
});
const precheck = { EDP_PRECHECK: 'YES', EDP_BILL_NO: 'DRV000123', EDP_REC_ACCOUNT: REC_ACCOUNT, EDP_AMOUNT: '5000.00' };
const confirmationFields = {
  EDP_BILL_NO: 'DRV000123',
  EDP_REC_ACCOUNT: REC_ACCOUNT,
  EDP_PAYER_ACCOUNT: '100012345',
  EDP_AMOUNT: '5000.00',
  EDP_TRANS_ID: '01234567890123',
  EDP_TRANS_DATE: '25/03/2024',
};
/** The confirmation with `fields` changed, its checksum computed over them with the test key. */
function signed(fields: Record<string, string> = {}): Record<string, string> {
  const f = { ...confirmationFields, ...fields };
  const EDP_CHECKSUM = idramChecksum({
    recAccount: f.EDP_REC_ACCOUNT,
    amount: f.EDP_AMOUNT,
    secretKey: TEST_SECRET_KEY,
    billNo: f.EDP_BILL_NO,
    payerAccount: f.EDP_PAYER_ACCOUNT,
    transId: f.EDP_TRANS_ID,
    transDate: f.EDP_TRANS_DATE,
  });
  return { ...f, EDP_CHECKSUM };
}
const without = (fields: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
const parse = (fields: Record<string, string>, w = wallet()) =>
  adapter.parse(postForm('/idram', new URLSearchParams(fields).toString()), w);
const goodChecksum = signed().EDP_CHECKSUM;

describe('parseIdram refusals say what ops must fix', () => {
  it.each([
    ['a field of 201 characters', { ...precheck, EDP_BILL_NO: 'D'.repeat(201) }, 'bad_request', 'field too long'],
    [
      'a field of 200 characters',
      { ...precheck, EDP_BILL_NO: 'D'.repeat(200) },
      'bad_account',
      'EDP_BILL_NO does not name a driver',
    ],
    ['a stray EDP_PRECHECK', { ...precheck, EDP_PRECHECK: 'NO' }, 'bad_request', 'EDP_PRECHECK must be YES when sent'],
    [
      'no EDP_REC_ACCOUNT',
      without(precheck, 'EDP_REC_ACCOUNT'),
      'bad_request',
      'EDP_REC_ACCOUNT, EDP_BILL_NO and EDP_AMOUNT are required',
    ],
    [
      'no EDP_BILL_NO',
      without(precheck, 'EDP_BILL_NO'),
      'bad_request',
      'EDP_REC_ACCOUNT, EDP_BILL_NO and EDP_AMOUNT are required',
    ],
    [
      'another EDP_REC_ACCOUNT',
      { ...precheck, EDP_REC_ACCOUNT: '110000602' },
      'forbidden',
      'EDP_REC_ACCOUNT is not this wallet',
    ],
    [
      'a bill naming no driver',
      { ...precheck, EDP_BILL_NO: 'DRV 1' },
      'bad_account',
      'EDP_BILL_NO does not name a driver',
    ],
    [
      'an amount with three decimals',
      { ...precheck, EDP_AMOUNT: '50.001' },
      'bad_amount',
      'EDP_AMOUNT must be a decimal with at most two decimals',
    ],
    ['a negative amount', { ...precheck, EDP_AMOUNT: '-5.00' }, 'amount_too_small', 'EDP_AMOUNT is negative'],
    [
      'a confirmation without EDP_TRANS_DATE',
      without(signed(), 'EDP_TRANS_DATE'),
      'bad_request',
      'EDP_PAYER_ACCOUNT, EDP_TRANS_ID, EDP_TRANS_DATE and EDP_CHECKSUM are required',
    ],
    [
      'a checksum of another amount',
      { ...signed(), EDP_AMOUNT: '5000.01' },
      'unauthorized',
      'EDP_CHECKSUM not correct',
    ],
    [
      'a checksum with a stray leading character',
      { ...signed(), EDP_CHECKSUM: `x${goodChecksum}` },
      'unauthorized',
      'EDP_CHECKSUM not correct',
    ],
    [
      'a checksum with a stray trailing digit',
      { ...signed(), EDP_CHECKSUM: `${goodChecksum}0` },
      'unauthorized',
      'EDP_CHECKSUM not correct',
    ],
    [
      'a signed EDP_TRANS_ID that is not letters and digits',
      signed({ EDP_TRANS_ID: '0123-4567' }),
      'bad_request',
      'EDP_TRANS_ID must be letters and digits',
    ],
  ])('%s → %s', (_case, fields, reason, message) => {
    expect(parse(fields)).toStrictEqual({ ok: false, reason, message, context: undefined });
  });

  it('a wallet without a secretKey refuses even the precheck, saying so', () => {
    expect(parse(precheck, wallet({}))).toStrictEqual({
      ok: false,
      reason: 'forbidden',
      message: 'wallet has no secretKey credential',
      context: undefined,
    });
  });
});
