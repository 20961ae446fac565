import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PspRequest, VerifyResult, WalletContext } from '../types';
import { notificationParams, signedText } from './form';
import { resolveSettings } from './settings';
import { sameSecret } from '../shared/secrets';

type Denied = Extract<VerifyResult, { ok: false }>;
const denied = (reason: Denied['reason'], message: string): Denied => ({ ok: false, reason, message });

/** base64 HMAC-SHA1 keyed with the notification password. */
export function qiwiSignature(params: ReadonlyArray<readonly [string, string]>, password: string): string {
  return createHmac('sha1', password).update(signedText(params), 'utf8').digest('base64');
}

/** Basic (login = prv_id, the notification password) or X-Api-Signature, as the wallet allows (README: Rules). */
export function verifyQiwi(req: PspRequest, wallet: WalletContext): VerifyResult {
  const resolved = resolveSettings(wallet);
  if (!resolved.ok) return denied('forbidden', resolved.message);
  const { notificationAuth, prvId } = resolved.settings;
  const password = wallet.credentials.password;
  if (!password) return denied('forbidden', 'wallet has no QIWI notification password');

  const signature = req.headers['x-api-signature'];
  if (signature !== undefined) {
    if (notificationAuth === 'basic') return denied('unauthorized', 'this wallet takes Basic authentication only');
    const expected = Buffer.from(qiwiSignature(notificationParams(req), password), 'base64');
    const sent = Buffer.from(signature.trim(), 'base64');
    return sent.length === expected.length && timingSafeEqual(sent, expected)
      ? { ok: true }
      : denied('unauthorized', 'X-Api-Signature does not match');
  }
  if (notificationAuth === 'signature') return denied('unauthorized', 'this wallet takes X-Api-Signature only');
  const login = wallet.credentials.login ?? prvId;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!login || !basic) return denied('unauthorized', 'no Basic credentials');
  return sameSecret(Buffer.from(basic, 'base64').toString('utf8'), `${login}:${password}`)
    ? { ok: true }
    : denied('unauthorized', 'Basic credentials do not match');
}
