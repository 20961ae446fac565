import type { PspCode } from '../../domain/psp-codes';

/** The protocol's parameters, keyed by their QIWI names; values are the names on the wire. */
export const OSMP_PARAMS = ['command', 'txn_id', 'txn_date', 'account', 'sum'] as const;
export type OsmpParam = (typeof OSMP_PARAMS)[number];
export type OsmpParamNames = Readonly<Record<OsmpParam, string>>;

/** One PSP speaking the OSMP convention. Wallet settings may override the rules (see wallet-rules.ts). */
export interface OsmpConfig {
  readonly code: PspCode;
  /** Default for new wallets; a callback is parsed in its wallet's currency. */
  readonly currency: string;
  readonly paramNames: OsmpParamNames;
  readonly accountPattern: string;
  readonly minAmountMinor: bigint;
  readonly maxAmountMinor: bigint;
  /** OSMP dates carry no zone: they are the provider's local time (QIWI: Moscow, UTC+3). */
  readonly txnDateUtcOffsetMinutes: number;
  readonly ipAllowList: readonly string[];
}

const FAMILY_DEFAULTS = {
  paramNames: { command: 'command', txn_id: 'txn_id', txn_date: 'txn_date', account: 'account', sum: 'sum' },
  accountPattern: '^[A-Za-z0-9_-]{1,64}$',
  minAmountMinor: 1n,
  // 100 000.00 in a 2-digit currency: far above a cash-terminal top-up, low enough to stop a typo'd sum.
  maxAmountMinor: 10_000_000n,
} satisfies Partial<OsmpConfig>;

type OsmpConfigInput = Pick<OsmpConfig, 'code' | 'currency' | 'ipAllowList' | 'txnDateUtcOffsetMinutes'> &
  Partial<Omit<OsmpConfig, 'paramNames'>> & { paramNames?: Partial<OsmpParamNames> };

export function defineOsmpConfig(input: OsmpConfigInput): OsmpConfig {
  return {
    ...FAMILY_DEFAULTS,
    ...input,
    paramNames: { ...FAMILY_DEFAULTS.paramNames, ...input.paramNames },
  };
}
