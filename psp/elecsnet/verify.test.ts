import { createPrivateKey, sign } from 'node:crypto';
import { postForm, testWallet } from '../osmp/fixtures/http';
import type { WalletContext } from '../types';
import { ELECSNET_SAMPLES, testKeyPairs } from './fixtures/samples';
import { elecsnetAdapter as adapter } from './index';

const keys = testKeyPairs();
const wallet = (credentials: Record<string, string> = keys.credentials): WalletContext => ({
  ...testWallet('elecsnet', 'RUB'),
  credentials,
});
const signHex = (payload: string) =>
  sign('md5', Buffer.from(payload), createPrivateKey(keys.simKeys.pspPrivateKey)).toString('hex').toUpperCase();
const payload = ELECSNET_SAMPLES.pay.payload;
const verify = (body: string, w = wallet()) => adapter.verify(postForm('/elecsnet', body), w);

describe('verifyElecsnet', () => {
  it.each([
    ['a trailing LF', `${payload}&signature=${signHex(payload)}\n`],
    ['a trailing CRLF', `${payload}&signature=${signHex(payload)}\r\n`],
    ['an empty payload signed as such', `&signature=${signHex('')}`],
  ])('accepts a signature with %s', (_case, body) => {
    expect(verify(body)).toStrictEqual({ ok: true });
  });

  it.each([
    [
      'no key on the wallet',
      `${payload}&signature=${signHex(payload)}`,
      {},
      'wallet has no usable Elecsnet RSA public key',
    ],
    ['no signature part', payload, keys.credentials, 'request is not signed'],
    [
      'a line break before the signature',
      `${payload}&signature=\n${signHex(payload)}`,
      keys.credentials,
      'bad request signature',
    ],
    [
      'a bare CR after the signature',
      `${payload}&signature=${signHex(payload)}\r`,
      keys.credentials,
      'bad request signature',
    ],
  ])('refuses %s: %s', (_case, body, credentials, message) => {
    expect(verify(body, wallet(credentials))).toStrictEqual({ ok: false, reason: 'unauthorized', message });
  });
});
