import { z } from 'zod';
import { parseWalletSettings } from '../shared/wallet-settings';
import type { WalletDraft } from '../types';

/** How QIWI authenticates this merchant's notifications; QIWI lets the merchant pick one (README: Rules). */
export const NOTIFICATION_AUTH = ['either', 'basic', 'signature'] as const;

export interface QiwiSettings {
  readonly notificationAuth: (typeof NOTIFICATION_AUTH)[number];
  /** The merchant's project id: the documented Basic login, unless credentials.login says otherwise. */
  readonly prvId?: string;
}

// Not strict: the same settings also hold the gateway's keys (ipAllowList, ...).
const schema = z.object({
  notificationAuth: z.enum(NOTIFICATION_AUTH).nullish(),
  prvId: z
    .string()
    .regex(/^\d{1,20}$/)
    .nullish(),
});

export type SettingsResult = { ok: true; settings: QiwiSettings } | { ok: false; message: string };

export function resolveSettings(wallet: WalletDraft): SettingsResult {
  const parsed = parseWalletSettings(schema, wallet.settings);
  if (!parsed.ok) return parsed;
  const { notificationAuth, prvId } = parsed.settings;
  return { ok: true, settings: { notificationAuth: notificationAuth ?? 'either', ...(prvId && { prvId }) } };
}
