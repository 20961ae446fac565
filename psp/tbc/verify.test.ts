import { pspRequest, testWallet } from '../osmp/fixtures/http';
import type { WalletContext } from '../types';
import { tbcAdapter as adapter } from './index';

const credentials = { username: 'tbc-user', password: 's3cret:pa ss' };
const wallet = (given: Record<string, string> = credentials): WalletContext => ({
  ...testWallet('tbc', 'GEL'),
  credentials: given,
});
const base64 = (text: string) => Buffer.from(text).toString('base64');
const good = base64(`${credentials.username}:${credentials.password}`);
const verify = (authorization: string | undefined, w = wallet()) => {
  const req = pspRequest('/tbc?command=check&account=DRV1');
  return adapter.verify(authorization === undefined ? req : { ...req, headers: { authorization } }, w);
};

describe('verifyTbc', () => {
  it.each([
    ['one space', `Basic ${good}`],
    ['several spaces and any case', `bASIC   ${good}`],
    ['trailing spaces', `Basic ${good}  `],
  ])('accepts HTTP Basic with %s', (_case, authorization) => {
    expect(verify(authorization)).toStrictEqual({ ok: true });
  });

  it.each([
    ['no credentials on the wallet', `Basic ${good}`, {}, 'wallet has no TBC credentials'],
    ['no Authorization header', undefined, credentials, 'missing HTTP Basic credentials'],
    ['another scheme in front', `Bearer Basic ${good}`, credentials, 'missing HTTP Basic credentials'],
    ['text after the credentials', `Basic ${good} x`, credentials, 'missing HTTP Basic credentials'],
    ['credentials without a colon', `Basic ${base64('tbc-user')}`, credentials, 'missing HTTP Basic credentials'],
    ['an empty user name', `Basic ${base64(`:${credentials.password}`)}`, credentials, 'wrong HTTP Basic credentials'],
    [
      'a wrong password',
      `Basic ${base64(`${credentials.username}:nope`)}`,
      credentials,
      'wrong HTTP Basic credentials',
    ],
  ])('refuses %s: %s', (_case, authorization, given, message) => {
    expect(verify(authorization, wallet(given))).toStrictEqual({ ok: false, reason: 'unauthorized', message });
  });
});
