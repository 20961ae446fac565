import { pspRequest, testWallet } from '../osmp/fixtures/http';
import type { PspRequest, WalletContext } from '../types';
import { TELLCELL_SAMPLES } from './fixtures/samples';
import { signJwt } from './simulator';
import { verifyTellcell } from './verify';

const secret = 'mySecretToken123!';
const wallet: WalletContext = { ...testWallet('tellcell', 'AMD'), credentials: { jwtSecret: secret } };
const withAuth = (authorization?: string): PspRequest => ({
  ...pspRequest(TELLCELL_SAMPLES.check.url),
  headers: authorization === undefined ? {} : { authorization },
});
const missing = { ok: false, reason: 'unauthorized', message: 'missing JWT' };
const invalid = { ok: false, reason: 'unauthorized', message: 'invalid JWT' };

describe('verifyTellcell reads the Authorization header strictly', () => {
  const token = signJwt(secret, new Date());
  it.each([
    ['no header', undefined, missing],
    ['the scheme and the token', `JWT ${token}`, { ok: true }],
    ['several spaces between them, and after', `Bearer   ${token}  `, { ok: true }],
    ['a longer scheme ending in JWT', `XJWT ${token}`, missing],
    ['something after the token', `JWT ${token} extra`, missing],
    ['a token signed with another secret', `JWT ${signJwt('other', new Date())}`, invalid],
  ])('%s', (_name, authorization, expected) => {
    expect(verifyTellcell(withAuth(authorization), wallet)).toStrictEqual(expected);
  });
});
