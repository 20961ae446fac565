import type { PspRequest, VerifyResult } from '../../types';
import type { UaRules } from '../settings';
import { readUaRequest } from './request';
import { verifyRequestSign } from './sign';

/**
 * Like php_EasyPay, structure comes before the signature: a request that cannot be read, or has no Sign element, is
 * passed on and parse refuses it with EasySoft's structural code. Nothing unsigned ever reaches a command.
 */
export function verifyUa(req: PspRequest, rules: UaRules): VerifyResult {
  if (!rules.keys) return { ok: true }; // useSign: false, agreed with EasySoft.
  const read = readUaRequest(req.rawBody);
  if (!read.ok || read.request.sign === undefined) return { ok: true };
  return verifyRequestSign(req.rawBody, read.request.sign, rules.keys.easypay)
    ? { ok: true }
    : { ok: false, reason: 'unauthorized', message: 'Sign does not verify with EasySoft key' };
}
