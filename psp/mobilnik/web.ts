import { settingsProblemBy } from '../shared/wallet-settings';
import type { PspAdapter } from '../types';
import { readPostback } from './parse';
import { renderPostbackAnswer } from './render';
import { resolveWebRules } from './web-settings';

export interface WebContext {
  readonly channel: 'web';
}
const context: WebContext = { channel: 'web' };

/**
 * The acquiring postback channel. `now` is the one clock read, for `exp`: injected so tests fix it. `verify` refuses
 * what fails authentication before the call is interpreted; a body that is not a JWT at all passes on to `parse`,
 * which verifies again and refuses it as a bad request.
 */
export function createMobilnikWebAdapter(now: () => Date): Omit<PspAdapter<WebContext>, 'code' | 'defaultIpAllowList'> {
  return {
    settingsProblem: settingsProblemBy(resolveWebRules),
    verify(req, wallet) {
      const postback = readPostback(req, wallet, now());
      if (postback.ok || (postback.reason !== 'forbidden' && postback.reason !== 'unauthorized')) return { ok: true };
      return { ok: false, reason: postback.reason, message: postback.message };
    },
    parse(req, wallet) {
      const postback = readPostback(req, wallet, now());
      return postback.ok ? { ok: true, command: postback.value, context } : { ...postback, context };
    },
    render: (outcome) => renderPostbackAnswer(outcome),
  };
}
