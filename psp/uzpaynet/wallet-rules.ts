import { z } from 'zod';
import { compileAccountPattern } from '../shared/account-pattern';
import {
  digitsOrSafeInteger,
  readTerminalWallet,
  terminalSettingsFields,
  type TerminalRules,
} from '../shared/terminal-rules';
import { onlyCurrency } from '../shared/wallet-settings';
import type { WalletDraft } from '../types';

/** The wallet's settings for this contract, defaults applied. See README.md for each. */
export interface PaynetRules extends TerminalRules {
  readonly accountParamKey: string;
  /** Paynet's serviceId for the park's service; unchecked when the park has not set it. */
  readonly serviceId?: bigint;
  /** Offset of our answer timestamps, and of Paynet dates sent without one (Tashkent, UTC+5, no DST). */
  readonly utcOffsetMinutes: number;
  /** Driver names are personal data: returned by GetInformation only when the park opts in. */
  readonly exposeDriverName: boolean;
}

const DEFAULT_ACCOUNT_PATTERN = '[A-Za-z0-9_-]{1,64}';

export const DEFAULT_RULES: PaynetRules = {
  accountParamKey: 'client_id',
  account: compileAccountPattern(DEFAULT_ACCOUNT_PATTERN, { fromPark: false })!,
  minAmountMinor: 100n, // 1 UZS
  // 50 000 000 UZS in tiyin: far above a driver top-up, low enough to stop a typo'd amount.
  maxAmountMinor: 5_000_000_000n,
  utcOffsetMinutes: 300,
  exposeDriverName: false,
};

export type RulesResult = { ok: true; rules: PaynetRules } | { ok: false; message: string };

const wholeNumber = digitsOrSafeInteger.transform((value) => BigInt(value));

const settingsSchema = z.object({
  accountParamKey: z.string().min(1).max(64).nullish(),
  serviceId: wholeNumber.nullish(),
  ...terminalSettingsFields({ numericAmounts: true }),
  utcOffsetMinutes: z.number().int().min(-720).max(840).nullish(),
});

export function resolveWalletRules(wallet: WalletDraft): RulesResult {
  const read = readTerminalWallet(settingsSchema, 'uzpaynet', wallet, {
    checkCurrency: onlyCurrency('UZS', 'Paynet pays in UZS only'),
    defaults: { ...DEFAULT_RULES, accountPattern: DEFAULT_ACCOUNT_PATTERN },
    minAtLeastOne: true,
  });
  if (!read.ok) return read;
  const { settings: s, terminal } = read;
  return {
    ok: true,
    rules: {
      ...terminal,
      accountParamKey: s.accountParamKey ?? DEFAULT_RULES.accountParamKey,
      ...(s.serviceId != null && { serviceId: s.serviceId }),
      utcOffsetMinutes: s.utcOffsetMinutes ?? DEFAULT_RULES.utcOffsetMinutes,
    },
  };
}
