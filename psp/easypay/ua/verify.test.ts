import { signedUa, TEST_KEYS, uaWallet } from '../fixtures/http';
import { UA_SAMPLES } from '../fixtures/samples';
import { resolveRules, type UaRules } from '../settings';
import { verifyUa } from './verify';

const resolved = resolveRules(uaWallet());
if (!resolved.ok || resolved.rules.product !== 'ua') throw new Error('the UA test wallet must resolve');
const rules: UaRules = resolved.rules;

describe('verifyUa', () => {
  it('refuses a request signed with another key as unauthorized, with the message ops read', () => {
    expect(verifyUa(signedUa(UA_SAMPLES.check, TEST_KEYS.provider.privateKey), rules)).toStrictEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'Sign does not verify with EasySoft key',
    });
    expect(verifyUa(signedUa(UA_SAMPLES.check), rules)).toStrictEqual({ ok: true });
  });
});
