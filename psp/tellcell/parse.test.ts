import { pspRequest, testWallet } from '../osmp/fixtures/http';
import type { WalletContext } from '../types';
import { parseTellcell } from './parse';

const wallet = (settings: Record<string, unknown> = {}): WalletContext => testWallet('tellcell', 'AMD', settings);
const parse = (query: string, w = wallet()) => parseTellcell(pspRequest(`/telcell?${query}`), w);

describe('parseTellcell refusals, as ops read them in the logs', () => {
  it.each([
    ['account=A&account=B&id=1&id=2&action=payment&amount=1', 'repeated with different values: account, txn_id'],
    ['action=payment&account=A&id=1&id=2&amount=1', 'repeated with different values: txn_id'],
    ['action=rate&account=A&id=1&amount=1', 'action must be check, payment or status'],
    ['action=payment&account=A&id=1', 'amount is missing'],
    ['action=payment&account=A&amount=1', 'transaction id is missing or malformed'],
    ['action=status&id=a%20b', 'transaction id is missing or malformed'],
  ])('%s → bad_request: %s', (query, message) => {
    expect(parse(query)).toMatchObject({ ok: false, reason: 'bad_request', message });
  });

  it.each(['action=payment&account=A&id=1&amount=1,00', 'action=check&account=A&amount=x'])(
    '%s → bad_amount: amount is not a decimal',
    (query) => {
      expect(parse(query)).toMatchObject({ ok: false, reason: 'bad_amount', message: 'amount is not a decimal' });
    },
  );

  it('a wallet whose settings cannot be read refuses with the reason, and names no driver in its answer', () => {
    expect(parse('action=check&account=A', wallet({ paramNames: { account: 'id' } }))).toStrictEqual({
      ok: false,
      reason: 'error',
      message: 'wallet settings invalid: paramNames must be distinct',
      context: { exposeDriverName: false, refusalCodes: {} },
    });
  });
});

describe('parseTellcell check', () => {
  it('carries the amount the terminal sent, and none for a zero or absent one', () => {
    expect(parse('action=check&account=A&amount=5.00')).toMatchObject({
      ok: true,
      command: { kind: 'check', account: 'A', amountMinor: 500n },
    });
    for (const query of ['action=check&account=A&amount=0', 'action=check&account=A']) {
      const parsed = parse(query);
      expect(parsed.ok && parsed.command).toStrictEqual({ kind: 'check', account: 'A' });
    }
  });
});
