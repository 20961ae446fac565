import { z } from 'zod';
import type { WalletContext } from '../types';

/** The wallet's Idram rules, settings applied over the defaults. */
export interface IdramRules {
  /** Our IdramID, the EDP_REC_ACCOUNT Idram must address and that the checksum is computed with. */
  readonly recAccount: string;
  /** EDP_BILL_NO → driver: the named group `account` of this whole-string pattern. */
  readonly billNo: RegExp;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
}

export type IdramRulesResult = { ok: true; rules: IdramRules } | { ok: false; message: string };

/** Until invoices exist the bill number carries the driver: `DRV000123`, or `DRV000123-<nonce>` for a unique bill. */
export const DEFAULT_BILL_NO_PATTERN = '(?<account>[A-Za-z0-9_]{1,64})(?:-[A-Za-z0-9]{1,32})?';
const DEFAULT_MIN_AMOUNT_MINOR = 1n;
// 1 000 000.00 AMD: far above a driver's top-up, low enough to stop a typo'd bill.
const DEFAULT_MAX_AMOUNT_MINOR = 100_000_000n;

const minorUnits = z.string().regex(/^\d{1,18}$/).transform((digits) => BigInt(digits));

// Not strict at the top level: the same settings also hold the gateway's keys (ipAllowList, ...).
const settingsSchema = z.object({
  recAccount: z.string().regex(/^\d{1,32}$/, 'recAccount must be the IdramID digits'),
  billNoPattern: z.string().min(1).max(500).nullish(),
  minAmountMinor: minorUnits.nullish(),
  maxAmountMinor: minorUnits.nullish(),
});

export function resolveIdramRules(wallet: WalletContext): IdramRulesResult {
  if (wallet.psp !== 'idram') return misconfigured(`wallet is for ${wallet.psp}, not idram`);
  if (wallet.currency !== 'AMD') return misconfigured('Idram pays in AMD only');
  const parsed = settingsSchema.safeParse(wallet.settings);
  if (!parsed.success) return misconfigured(z.prettifyError(parsed.error));
  const settings = parsed.data;

  const billNo = compileBillNoPattern(settings.billNoPattern ?? DEFAULT_BILL_NO_PATTERN);
  if (!billNo) return misconfigured('billNoPattern must be a valid regular expression with a group named "account"');
  const minAmountMinor = settings.minAmountMinor ?? DEFAULT_MIN_AMOUNT_MINOR;
  const maxAmountMinor = settings.maxAmountMinor ?? DEFAULT_MAX_AMOUNT_MINOR;
  if (minAmountMinor > maxAmountMinor) return misconfigured('minAmountMinor exceeds maxAmountMinor');
  return { ok: true, rules: { recAccount: settings.recAccount, billNo, minAmountMinor, maxAmountMinor } };
}

/** Always a whole-string match, whatever anchors the park wrote; 'u' for strict syntax and \p{…} classes. */
function compileBillNoPattern(pattern: string): RegExp | undefined {
  try {
    // Compiled alone first: an unbalanced pattern such as `a)|(b` would otherwise break out of the anchors.
    new RegExp(pattern, 'u');
    const whole = new RegExp(`^(?:${pattern})$`, 'u');
    return pattern.includes('(?<account>') ? whole : undefined;
  } catch {
    return undefined;
  }
}

function misconfigured(detail: string): IdramRulesResult {
  return { ok: false, message: `wallet settings invalid: ${detail}` };
}
