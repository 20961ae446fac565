import type { PspRequest, VerifyResult } from '../../types';
import type { AmRules } from '../settings';
import { authorizationMatches, nonceOf } from './hmac';
import { readAmRequest, signingString } from './request';

/**
 * Ping carries no HMAC (guide). A body that cannot be read cannot be checked either: it is passed on, and parse,
 * reading it the same way, refuses it as a bad request; nothing unsigned ever reaches a command.
 */
export function verifyAm(req: PspRequest, rules: AmRules): VerifyResult {
  const read = readAmRequest(req);
  if (!read.ok || read.request.endpoint === 'ping') return { ok: true };
  const nonce = nonceOf(req.headers.nonce);
  if (!nonce) return { ok: false, reason: 'unauthorized', message: 'Nonce header must be a UUID' };
  return authorizationMatches(req.headers.authorization, rules.hmacKey, signingString(read.request, nonce))
    ? { ok: true }
    : { ok: false, reason: 'unauthorized', message: 'HMAC does not match' };
}
