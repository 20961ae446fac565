import { paramNamesSchema, readParams, resolveParamNames, WIRE_NAME } from './query-params';

const NAMES = { txnId: 'txn_id', account: 'account', sum: 'sum' } as const;

describe('readParams', () => {
  it('reads each parameter by its wire name, leaving out the absent ones', () => {
    const read = readParams(new URLSearchParams('txn_id=7&account=A1&other=x'), NAMES);
    expect(read).toStrictEqual({ values: { txnId: '7', account: 'A1' }, ambiguous: [] });
  });

  it('takes a repeat with the same value as one value, and refuses one with different values as ambiguous', () => {
    const read = readParams(new URLSearchParams('txn_id=7&txn_id=7&sum=1&sum=2&account='), NAMES);
    expect(read.values).toStrictEqual({ txnId: '7', account: '' });
    expect(read.ambiguous).toEqual(['sum']);
  });
});

describe("a wallet's wire names", () => {
  it('override the defaults one by one', () => {
    expect(resolveParamNames(NAMES, { sum: 'amount' })).toEqual({ txnId: 'txn_id', account: 'account', sum: 'amount' });
    expect(resolveParamNames(NAMES, null)).toEqual(NAMES);
    expect(resolveParamNames(NAMES, undefined)).toEqual(NAMES);
  });

  it('are refused when two parameters would be read from one name', () => {
    expect(resolveParamNames(NAMES, { sum: 'account' })).toBeUndefined();
    expect(resolveParamNames(NAMES, { sum: 'account', account: 'sum' })).toEqual({
      txnId: 'txn_id',
      account: 'sum',
      sum: 'account',
    });
  });

  it('are short printable names of the listed parameters only', () => {
    const schema = paramNamesSchema(['txnId', 'sum']);
    expect(schema.safeParse({ sum: 'amount[0]' }).success).toBe(true);
    expect(schema.safeParse(null).success).toBe(true);
    expect(schema.safeParse(undefined).success).toBe(true);
    expect(schema.safeParse({ account: 'acc' }).success).toBe(false);
    expect(schema.safeParse({ sum: 'a&b' }).success).toBe(false);
    expect(schema.safeParse({ sum: '' }).success).toBe(false);
    expect(WIRE_NAME.test('a'.repeat(64))).toBe(true);
    expect(WIRE_NAME.test('a'.repeat(65))).toBe(false);
    expect(WIRE_NAME.test('x sum')).toBe(false);
    expect(WIRE_NAME.test('sum\n')).toBe(false);
  });
});
