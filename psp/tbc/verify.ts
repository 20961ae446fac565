import type { PspRequest, VerifyResult, WalletContext } from '../types';
import { resolveTbcRules } from './settings';
import { sameSecret } from '../shared/secrets';

/** HTTP Basic against the wallet's `username`/`password` credentials (php-geopayment `checkHttpAuth`). */
export function verifyTbc(req: PspRequest, wallet: WalletContext): VerifyResult {
  const resolved = resolveTbcRules(wallet);
  if (!resolved.ok) return { ok: false, reason: 'forbidden', message: resolved.message };
  const { username, password } = wallet.credentials;
  if (!username || !password) return { ok: false, reason: 'unauthorized', message: 'wallet has no TBC credentials' };
  const given = basicCredentials(req.headers.authorization);
  if (!given) return { ok: false, reason: 'unauthorized', message: 'missing HTTP Basic credentials' };
  // Both compared, always: neither which part was wrong nor how long the secrets are shows in the timing.
  const userOk = sameSecret(given.username, username);
  const passOk = sameSecret(given.password, password);
  return userOk && passOk
    ? { ok: true }
    : { ok: false, reason: 'unauthorized', message: 'wrong HTTP Basic credentials' };
}

function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
