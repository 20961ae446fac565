import { z } from 'zod';
import type { WalletContext } from '../types';

/** How QIWI authenticates this merchant's notifications; QIWI lets the merchant pick one (§12a). */
export const NOTIFICATION_AUTH = ['either', 'basic', 'signature'] as const;

export interface QiwiSettings {
  readonly notificationAuth: (typeof NOTIFICATION_AUTH)[number];
  /** The merchant's project id: the documented Basic login, unless credentials.login says otherwise. */
  readonly prvId?: string;
}

// Not strict: the same settings also hold the gateway's keys (ipAllowList, ...).
const schema = z.object({
  notificationAuth: z.enum(NOTIFICATION_AUTH).nullish(),
  prvId: z.string().regex(/^\d{1,20}$/).nullish(),
});

export type SettingsResult = { ok: true; settings: QiwiSettings } | { ok: false; message: string };

export function resolveSettings(wallet: WalletContext): SettingsResult {
  const parsed = schema.safeParse(wallet.settings);
  if (!parsed.success) return { ok: false, message: `wallet settings invalid: ${z.prettifyError(parsed.error)}` };
  const { notificationAuth, prvId } = parsed.data;
  return { ok: true, settings: { notificationAuth: notificationAuth ?? 'either', ...(prvId && { prvId }) } };
}
