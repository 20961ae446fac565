import { z } from 'zod';
import { parseWalletSettings } from '../shared/wallet-settings';
import type { WalletDraft } from '../types';

/** The wallet's Paystack rules; every field has a default, so `{}` is a complete configuration. */
export interface PaystackSettings {
  /** The charge's `metadata` key our initialize call writes the driver id under. */
  readonly driverIdMetadataKey: string;
}

// Not strict: the same settings also hold the gateway's keys (ipAllowList, ...).
const schema = z.object({
  driverIdMetadataKey: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .nullish(),
});

export type SettingsResult = { ok: true; settings: PaystackSettings } | { ok: false; message: string };

export function resolveSettings(wallet: WalletDraft): SettingsResult {
  const parsed = parseWalletSettings(schema, wallet.settings);
  if (!parsed.ok) return parsed;
  return { ok: true, settings: { driverIdMetadataKey: parsed.settings.driverIdMetadataKey ?? 'driver_id' } };
}
