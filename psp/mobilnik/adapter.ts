import type { OsmpContext } from '../osmp/parse';
import type { PspAdapter } from '../types';
import { channelOf, channelOfRequest } from './channel';
import { mobilnikTerminalAdapter as terminal } from './terminal';
import { createMobilnikWebAdapter, type WebContext } from './web';

export type MobilnikContext = { readonly channel: 'terminal'; readonly osmp: OsmpContext } | WebContext;

const BAD_CHANNEL = 'wallet settings invalid: channel must be "terminal" or "web"';

/**
 * Mobilnik speaks two contracts (README): the wallet's `channel` setting picks OSMP terminal top-ups (the default, so
 * wallets made before the web channel keep working) or the acquiring JWT postback. The OSMP family is used as is.
 */
export function createMobilnikAdapter(now: () => Date = () => new Date()): PspAdapter<MobilnikContext> {
  const web = createMobilnikWebAdapter(now);
  return {
    code: 'mobilnik',
    // The terminal's sources are unknown; a web wallet is signed and may list ANY_IP itself (see README).
    defaultIpAllowList: terminal.defaultIpAllowList,
    settingsProblem(draft) {
      const channel = channelOf(draft.settings);
      if (!channel) return BAD_CHANNEL;
      return channel === 'web' ? web.settingsProblem(draft) : terminal.settingsProblem(draft);
    },
    verify(req, wallet) {
      const channel = channelOf(wallet.settings);
      if (!channel) return { ok: false, reason: 'forbidden', message: BAD_CHANNEL };
      return channel === 'web' ? web.verify(req, wallet) : terminal.verify(req, wallet);
    },
    parse(req, wallet) {
      const channel = channelOf(wallet.settings);
      if (channel === 'web') return web.parse(req, wallet);
      const parsed = terminal.parse(req, wallet);
      const context = { channel: 'terminal', osmp: parsed.context } as const;
      return channel ? { ...parsed, context } : { ok: false, reason: 'forbidden', message: BAD_CHANNEL, context };
    },
    render(outcome, context, req, wallet) {
      const channel = context?.channel ?? (wallet && channelOf(wallet.settings)) ?? channelOfRequest(req);
      if (channel === 'web') return web.render(outcome, undefined, req, wallet);
      return terminal.render(outcome, context?.channel === 'terminal' ? context.osmp : undefined, req, wallet);
    },
  };
}
