import { pspRequest, testWallet } from '../osmp/fixtures/http';
import { tbcAdapter as adapter } from './index';

const wallet = (settings: Record<string, unknown> = {}) => testWallet('tbc', 'GEL', settings);
const context = { exposeDriverName: false, duplicateResult: 0 };
const parse = (query: string, w = wallet()) => adapter.parse(pspRequest(`/tbc?${query}`), w);

describe('parseTbc refusals say what ops must fix', () => {
  it.each([
    ['command=check&account=1&account=2&command=check', 'bad_request', 'repeated with different values: account'],
    [
      'command=check&account=1&account=2&command=pay',
      'bad_request',
      'repeated with different values: command, account',
    ],
    ['command=status&account=DRV1&txn_id=1&sum=1', 'bad_request', 'command must be check or pay'],
    ['account=DRV1&txn_id=1&sum=1', 'bad_request', 'command must be check or pay'],
    ['command=pay&account=DRV1&sum=1', 'bad_request', 'txn_id is missing or malformed'],
    ['command=pay&account=DRV1&txn_id=1%2F2&sum=1', 'bad_request', 'txn_id is missing or malformed'],
    ['command=pay&account=DRV1&txn_id=1', 'bad_request', 'sum is missing'],
    ['command=pay&account=DRV1&txn_id=1&sum=-1.00', 'amount_too_small', 'sum is negative'],
    ['command=pay&account=DRV1&txn_id=1&sum=1%2C00', 'bad_amount', 'sum is not a decimal amount'],
  ])('%j → %s: %s', (query, reason, message) => {
    expect(parse(query)).toStrictEqual({ ok: false, reason, message, context });
  });

  it.each([
    ['unusable settings', { duplicateResult: 1 }, expect.stringContaining('duplicateResult')],
    [
      'two parameters under one name',
      { paramNames: { account: 'command' } },
      'wallet settings invalid: paramNames must be distinct',
    ],
  ])('a wallet with %s answers an internal error and never exposes a name', (_case, settings, message) => {
    expect(parse('command=check&account=DRV1', wallet({ exposeDriverName: true, ...settings }))).toStrictEqual({
      ok: false,
      reason: 'error',
      message,
      context,
    });
  });
});
