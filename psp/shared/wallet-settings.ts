import { z } from 'zod';
import { isSupportedCurrency } from '../../domain/money';
import type { PspCode } from '../../domain/psp-codes';
import type { WalletContext } from '../types';

export type SettingsResult<T> = { ok: true; settings: T } | { ok: false; message: string };

/**
 * A wallet's settings read with the PSP's schema; anything unusable is a message for the refusal, never a throw.
 * Schemas are not strict at the top level: the same settings also hold the gateway's keys (ipAllowList, ...).
 */
export function readWalletSettings<T>(schema: z.ZodType<T>, code: PspCode, wallet: WalletContext): SettingsResult<T> {
  if (wallet.psp !== code) return misconfigured(`wallet is for ${wallet.psp}, not ${code}`);
  if (!isSupportedCurrency(wallet.currency)) return misconfigured(`unsupported currency ${wallet.currency}`);
  const parsed = schema.safeParse(wallet.settings);
  return parsed.success ? { ok: true, settings: parsed.data } : misconfigured(z.prettifyError(parsed.error));
}

export function misconfigured(detail: string): { ok: false; message: string } {
  return { ok: false, message: `wallet settings invalid: ${detail}` };
}
