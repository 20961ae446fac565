import type { PspRequest, VerifyResult, WalletContext } from '../types';
import { readEnvelope } from './envelope';
import { operationOf, readCredentials } from './messages';
import { isWsdlRequest } from './parse';
import { resolveWalletRules } from './wallet-rules';
import { sameSecret } from '../shared/secrets';

/**
 * Paynet signs nothing: every SOAP body carries the username and password the park agreed with Paynet
 * (GenericArguments), kept in the wallet's credentials. A body that cannot be read has no credentials to check and
 * is left to parse, which refuses it; the WSDL is public and needs none.
 */
export function verifyPaynet(req: PspRequest, wallet: WalletContext): VerifyResult {
  const rules = resolveWalletRules(wallet);
  if (!rules.ok) return { ok: false, reason: 'forbidden', message: rules.message };
  if (isWsdlRequest(req)) return { ok: true };
  const envelope = readEnvelope(req.rawBody);
  const operation = envelope.ok ? operationOf(envelope.element) : undefined;
  if (!envelope.ok || !operation) return { ok: true };
  const { username = '', password = '' } = wallet.credentials;
  if (!username || !password)
    return { ok: false, reason: 'unauthorized', message: 'wallet has no Paynet username and password' };
  const sent = readCredentials(envelope.body);
  // Both compared every time, so the answer's timing tells nothing about which one was wrong.
  const userOk = sameSecret(sent.username, username);
  const passwordOk = sameSecret(sent.password, password);
  return userOk && passwordOk
    ? { ok: true }
    : { ok: false, reason: 'unauthorized', message: 'bad Paynet username or password' };
}
