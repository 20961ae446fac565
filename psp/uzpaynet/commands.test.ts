import { toCommand } from './commands';
import type { Message, Operation } from './messages';
import { DEFAULT_RULES, type PaynetRules } from './wallet-rules';

const ACCOUNT = [{ key: 'client_id', value: 'DRV-000123' }];
const PAY_FIELDS = {
  amount: '5000000',
  serviceId: '1',
  transactionId: '123456789',
  transactionTime: '2024-03-25T14:06:00.000+05:00',
};
const STATEMENT_FIELDS = {
  serviceId: '1',
  dateFrom: '2024-03-25T00:00:00Z',
  dateTo: '2024-03-26T00:00:00Z',
};

const message = (fields: Record<string, string>, params: Message['params'] = ACCOUNT): Message => ({ fields, params });
const pay = (fields: Record<string, string>, params: Message['params'] = ACCOUNT, rules: PaynetRules = DEFAULT_RULES) =>
  toCommand('PerformTransaction', message({ ...PAY_FIELDS, ...fields }, params), rules);
const statement = (fields: Record<string, string>) =>
  toCommand('GetStatement', message({ ...STATEMENT_FIELDS, ...fields }, []), DEFAULT_RULES);

describe('toCommand refusals name the field ops must look at, with Paynet’s status only where it is more precise', () => {
  it.each<[string, Operation, Record<string, string>, object]>([
    [
      'a serviceId that is no xs:long',
      'GetInformation',
      { serviceId: 'one' },
      { ok: false, reason: 'bad_request', message: 'serviceId must be an xs:long' },
    ],
    [
      'transactionId 0',
      'CheckTransaction',
      { transactionId: '0' },
      { ok: false, reason: 'bad_request', message: 'transactionId must be a positive xs:long' },
    ],
    [
      'a transactionId above xs:long',
      'CancelTransaction',
      { transactionId: '9223372036854775808' },
      { ok: false, reason: 'bad_request', message: 'transactionId must be a positive xs:long' },
    ],
    [
      'a transactionTime that is no xs:dateTime',
      'PerformTransaction',
      { transactionTime: '25.03.2024 14:06' },
      { ok: false, reason: 'bad_request', message: 'transactionTime must be an xs:dateTime', status: 414 },
    ],
    [
      'an amount that is no whole number',
      'PerformTransaction',
      { amount: '50000.00' },
      { ok: false, reason: 'bad_amount', message: 'amount must be a whole number of tiyin' },
    ],
  ])('%s', (_label, operation, fields, refusal) => {
    expect(toCommand(operation, message({ ...PAY_FIELDS, ...fields }), DEFAULT_RULES)).toStrictEqual(refusal);
  });

  it('a serviceId other than the wallet’s is 502; the wallet’s own passes', () => {
    const rules = { ...DEFAULT_RULES, serviceId: 7n };
    expect(pay({}, ACCOUNT, rules)).toStrictEqual({
      ok: false,
      reason: 'forbidden',
      message: 'serviceId is not this wallet’s',
      status: 502,
    });
    expect(pay({ serviceId: '7' }, ACCOUNT, rules)).toMatchObject({ ok: true, value: { kind: 'pay' } });
  });

  it('reads an xs:long with the whitespace the schema collapses, up to 2^63 − 1', () => {
    expect(pay({ serviceId: ' 1\n', transactionId: '9223372036854775807' })).toStrictEqual({
      ok: true,
      value: {
        kind: 'pay',
        pspTxnId: '9223372036854775807',
        account: 'DRV-000123',
        amountMinor: 5000000n,
        paidAt: new Date('2024-03-25T09:06:00.000Z'),
      },
    });
  });
});

describe('the account is exactly one value of the agreed parameter', () => {
  const refusal = {
    ok: false,
    reason: 'bad_request',
    message: 'exactly one client_id parameter is required',
  };

  it.each<[string, Message['params'], object]>([
    ['no parameter at all', [], refusal],
    ['only another key', [{ key: 'phone_number', value: '998901234567' }], refusal],
    [
      'two different values',
      [
        { key: 'client_id', value: 'DRV-000123' },
        { key: 'client_id', value: 'DRV-000124' },
      ],
      refusal,
    ],
    [
      'the same value twice',
      [
        { key: 'client_id', value: 'DRV-000123' },
        { key: 'client_id', value: 'DRV-000123' },
      ],
      { ok: true, value: { kind: 'check', account: 'DRV-000123' } },
    ],
  ])('%s', (_label, params, expected) => {
    expect(toCommand('GetInformation', message({ serviceId: '1' }, params), DEFAULT_RULES)).toStrictEqual(expected);
  });
});

describe('GetStatement', () => {
  it('refuses an unreadable date with 414 and names both fields', () => {
    expect(statement({ dateFrom: 'yesterday' })).toStrictEqual({
      ok: false,
      reason: 'bad_request',
      message: 'dateFrom and dateTo must be xs:dateTime',
      status: 414,
    });
  });

  it('refuses dateFrom after dateTo; the same instant is a one-millisecond interval', () => {
    expect(statement({ dateFrom: '2024-03-26T00:00:00.001Z' })).toStrictEqual({
      ok: false,
      reason: 'bad_request',
      message: 'dateFrom is after dateTo',
    });
    expect(statement({ dateFrom: '2024-03-26T00:00:00Z' })).toStrictEqual({
      ok: true,
      value: { kind: 'statement', from: new Date('2024-03-26T00:00:00Z'), to: new Date('2024-03-26T00:00:00.001Z') },
    });
  });

  it.each(['true', ' false\n', '1', '0'])('onlyTransactionId %j is an xs:boolean', (only) => {
    expect(statement({ onlyTransactionId: only })).toMatchObject({ ok: true, value: { kind: 'statement' } });
  });

  it.each(['yes', 'xtrue', 'truex', '10', ''])('onlyTransactionId %j is refused', (only) => {
    expect(statement({ onlyTransactionId: only })).toStrictEqual({
      ok: false,
      reason: 'bad_request',
      message: 'onlyTransactionId must be an xs:boolean',
    });
  });
});
