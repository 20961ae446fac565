import { z } from 'zod';
import type { PspRequest } from '../types';

/** Which of Mobilnik's contracts a wallet's link speaks: OSMP terminal top-ups, or the acquiring JWT postback. */
export type MobilnikChannel = 'terminal' | 'web';

const channelSetting = z.object({ channel: z.enum(['terminal', 'web']).nullish() });

/** The wallet's channel, `terminal` when unset (wallets made before the web channel existed); undefined when invalid. */
export function channelOf(settings: Readonly<Record<string, unknown>>): MobilnikChannel | undefined {
  const parsed = channelSetting.safeParse(settings);
  return parsed.success ? (parsed.data.channel ?? 'terminal') : undefined;
}

/**
 * Before the link resolves (unknown link, oversized body) there is no wallet to ask: OSMP calls carry a query or an
 * urlencoded form, a postback carries a bare JWT.
 */
export function channelOfRequest(req: PspRequest): MobilnikChannel {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const osmpLike =
    req.method.toUpperCase() === 'GET' || req.query.size > 0 || mediaType === 'application/x-www-form-urlencoded';
  return osmpLike ? 'terminal' : 'web';
}
