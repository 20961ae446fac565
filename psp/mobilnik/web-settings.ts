import { z } from 'zod';
import { resolveAmountLimits, terminalSettingsShape } from '../shared/terminal-rules';
import { misconfigured, readWalletSettings } from '../shared/wallet-settings';
import type { WalletDraft } from '../types';

/** The wallet's rules for the acquiring postback, settings applied over the defaults. */
export interface WebRules {
  readonly currency: string;
  /** sellerData is ours (README: Web channel): the key under which the invoice put the driver id. */
  readonly accountKey: string;
  /** When set, the postback's `iss` must be this seller id. */
  readonly sellerId: string | undefined;
  readonly clockToleranceSeconds: number;
  /** Whether `request.totalSum` is in som (major, as the OSS seller sends it) or tyiyn. */
  readonly totalSumUnit: 'major' | 'minor';
  /** `request.test: true` marks a sandbox payment: never credited unless the park says so. */
  readonly acceptTestPayments: boolean;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
}

export type WebRulesResult = { ok: true; rules: WebRules } | { ok: false; message: string };

const { minAmountMinor, maxAmountMinor } = terminalSettingsShape;
// 100 000.00 KGS, as the terminal channel: far above a driver's top-up.
const DEFAULT_LIMITS = { minAmountMinor: 1n, maxAmountMinor: 10_000_000n };

// Not strict at the top level: the same settings also hold the gateway's keys (ipAllowList, channel, ...).
const settingsSchema = z.object({
  sellerDataAccountKey: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .nullish(),
  sellerId: z.string().min(1).max(200).nullish(),
  clockToleranceSeconds: z.number().int().min(0).max(600).nullish(),
  totalSumUnit: z.enum(['major', 'minor']).nullish(),
  acceptTestPayments: z.boolean().nullish(),
  minAmountMinor,
  maxAmountMinor,
});

export function resolveWebRules(wallet: WalletDraft): WebRulesResult {
  const read = readWalletSettings(settingsSchema, 'mobilnik', wallet);
  if (!read.ok) return read;
  const s = read.settings;
  const limits = resolveAmountLimits(s, DEFAULT_LIMITS);
  if (!limits.ok) return misconfigured(limits.message);
  return {
    ok: true,
    rules: {
      currency: wallet.currency,
      accountKey: s.sellerDataAccountKey ?? 'driverId',
      sellerId: s.sellerId ?? undefined,
      clockToleranceSeconds: s.clockToleranceSeconds ?? 60,
      totalSumUnit: s.totalSumUnit ?? 'major',
      acceptTestPayments: s.acceptTestPayments ?? false,
      ...limits.value,
    },
  };
}
