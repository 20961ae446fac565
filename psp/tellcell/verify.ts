import type { PspRequest, VerifyResult, WalletContext } from '../types';
import { isValidHs256Jwt } from './jwt';
import { resolveTellcellRules } from './settings';

/**
 * Telcell relies on the IP allow-list (enforced by the gateway). When the wallet holds a `jwtSecret` credential, every
 * call must also carry `Authorization: JWT <token>` signed with it (the SDK's optional jwtAuth; `Bearer` accepted too).
 */
export function verifyTellcell(req: PspRequest, wallet: WalletContext): VerifyResult {
  const resolved = resolveTellcellRules(wallet);
  if (!resolved.ok) return { ok: false, reason: 'forbidden', message: resolved.message };
  const secret = wallet.credentials.jwtSecret;
  if (!secret) return { ok: true };
  const token = /^(?:JWT|Bearer) +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return { ok: false, reason: 'unauthorized', message: 'missing JWT' };
  // Token expiry is the one place an adapter reads the clock: a replayed old token must not pass.
  return isValidHs256Jwt(token, secret, Math.floor(Date.now() / 1000))
    ? { ok: true }
    : { ok: false, reason: 'unauthorized', message: 'invalid JWT' };
}
