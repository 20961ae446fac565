import { z } from 'zod';
import { compileAccountPattern, type AccountPattern } from '../shared/account-pattern';
import { resolveAmountLimits, terminalSettingsShape } from '../shared/terminal-rules';
import { misconfigured, onlyCurrency, readWalletSettings } from '../shared/wallet-settings';
import type { WalletDraft } from '../types';

/** The wallet's Idram rules, settings applied over the defaults. */
export interface IdramRules {
  /** Our IdramID, the EDP_REC_ACCOUNT Idram must address and that the checksum is computed with. */
  readonly recAccount: string;
  /** EDP_BILL_NO → driver: the named group `account` of this whole-string pattern. */
  readonly billNo: AccountPattern;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
}

export type IdramRulesResult = { ok: true; rules: IdramRules } | { ok: false; message: string };

/** Until invoices exist the bill number carries the driver: `DRV000123`, or `DRV000123-<nonce>` for a unique bill. */
export const DEFAULT_BILL_NO_PATTERN = '(?<account>[A-Za-z0-9_]{1,64})(?:-[A-Za-z0-9]{1,32})?';
// 1 000 000.00 AMD: far above a driver's top-up, low enough to stop a typo'd bill.
const DEFAULT_LIMITS = { minAmountMinor: 1n, maxAmountMinor: 100_000_000n };

const { minAmountMinor, maxAmountMinor } = terminalSettingsShape;
const settingsSchema = z.object({
  recAccount: z.string().regex(/^\d{1,32}$/, 'recAccount must be the IdramID digits'),
  billNoPattern: z.string().min(1).max(500).nullish(),
  minAmountMinor,
  maxAmountMinor,
});

export function resolveIdramRules(wallet: WalletDraft): IdramRulesResult {
  const read = readWalletSettings(settingsSchema, 'idram', wallet, onlyCurrency('AMD', 'Idram pays in AMD only'));
  if (!read.ok) return read;
  const { settings } = read;

  const billNo = settings.billNoPattern
    ? compileBillNoPattern(settings.billNoPattern, { fromPark: true })
    : compileBillNoPattern(DEFAULT_BILL_NO_PATTERN, { fromPark: false });
  if (!billNo) return misconfigured('billNoPattern must be a valid regular expression with a group named "account"');
  const limits = resolveAmountLimits(settings, DEFAULT_LIMITS);
  if (!limits.ok) return misconfigured(limits.message);
  return { ok: true, rules: { recAccount: settings.recAccount, billNo, ...limits.value } };
}

/** A whole-string account pattern (see compileAccountPattern) that must name the group `account`. */
function compileBillNoPattern(pattern: string, origin: { fromPark: boolean }): AccountPattern | undefined {
  const whole = compileAccountPattern(pattern, origin);
  return whole && pattern.includes('(?<account>') ? whole : undefined;
}
