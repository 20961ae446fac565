import { z } from 'zod';
import {
  checkAccount,
  checkAmount,
  checkLimits,
  digitsOrSafeInteger,
  parseMinorUnits,
  readTerminalWallet,
  resolveAmountLimits,
  resolveTerminalRules,
  TERMINAL_DEFAULTS,
  terminalSettingsFields,
  terminalSettingsShape,
} from './terminal-rules';
import {
  currencyCheckedLater,
  onlyCurrency,
  parseWalletSettings,
  problemOf,
  readWalletSettings,
  settingsProblemBy,
} from './wallet-settings';

const rules = (settings = {}) => {
  const resolved = resolveTerminalRules(settings);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.value;
};

describe('terminal rules', () => {
  it('default to a 1..64 character account of letters, digits, _ and -, amounts 0.01..100 000.00, no names', () => {
    const r = rules();
    expect(r).toMatchObject({ minAmountMinor: 1n, maxAmountMinor: 10_000_000n, exposeDriverName: false });
    expect(checkAccount('DRV_000-123', r)).toEqual({ ok: true, value: 'DRV_000-123' });
    expect(checkAccount('a'.repeat(64), r).ok).toBe(true);
    expect(checkAccount('a'.repeat(65), r)).toEqual({
      ok: false,
      reason: 'bad_account',
      message: 'account does not match the account pattern',
    });
    expect(checkAccount('DRV 1', r).ok).toBe(false);
    expect(checkAccount(undefined, r)).toEqual({ ok: false, reason: 'bad_request', message: 'account is missing' });
  });

  it("take the wallet's pattern, limits and name exposure over the defaults", () => {
    const r = rules({ accountPattern: '\\d{3}', minAmountMinor: 500n, maxAmountMinor: 900n, exposeDriverName: true });
    expect(checkAccount('123', r).ok).toBe(true);
    expect(checkAccount('ABC', r).ok).toBe(false);
    expect(r).toMatchObject({ minAmountMinor: 500n, maxAmountMinor: 900n, exposeDriverName: true });
  });

  it('refuse an account longer than 200 characters before any pattern runs', () => {
    const r = rules({ accountPattern: '.*' });
    expect(checkAccount('a'.repeat(200), r).ok).toBe(true);
    expect(checkAccount('a'.repeat(201), r)).toMatchObject({ ok: false, reason: 'bad_account' });
  });

  it('refuse a wallet whose pattern does not compile, or whose minimum exceeds its maximum', () => {
    expect(resolveTerminalRules({ accountPattern: '(' })).toEqual({
      ok: false,
      reason: 'error',
      message: 'accountPattern is not a valid regular expression',
    });
    expect(resolveTerminalRules({ minAmountMinor: 11n, maxAmountMinor: 10n })).toEqual({
      ok: false,
      reason: 'error',
      message: 'minAmountMinor exceeds maxAmountMinor',
    });
    expect(resolveTerminalRules({ minAmountMinor: 10n, maxAmountMinor: 10n }).ok).toBe(true);
  });

  it('with minAtLeastOne, refuse a zero minimum too', () => {
    const defaults = { minAmountMinor: 1n, maxAmountMinor: 10n };
    const need = { ok: false, reason: 'error', message: 'need 1 <= minAmountMinor <= maxAmountMinor' };
    expect(resolveAmountLimits({ minAmountMinor: 0n }, defaults, { minAtLeastOne: true })).toEqual(need);
    expect(resolveAmountLimits({ minAmountMinor: 11n }, defaults, { minAtLeastOne: true })).toEqual(need);
    expect(resolveAmountLimits({ minAmountMinor: 1n, maxAmountMinor: 1n }, defaults, { minAtLeastOne: true })).toEqual({
      ok: true,
      value: { minAmountMinor: 1n, maxAmountMinor: 1n },
    });
    expect(resolveAmountLimits({ minAmountMinor: 0n }, defaults)).toEqual({
      ok: true,
      value: { minAmountMinor: 0n, maxAmountMinor: 10n },
    });
  });
});

describe('amounts', () => {
  const limits = { minAmountMinor: 100n, maxAmountMinor: 1000n };

  it('pass within the bounds, both ends included', () => {
    expect(checkLimits(100n, limits)).toEqual({ ok: true, value: 100n });
    expect(checkLimits(1000n, limits)).toEqual({ ok: true, value: 1000n });
    expect(checkLimits(99n, limits)).toEqual({
      ok: false,
      reason: 'amount_too_small',
      message: 'amount below minimum',
    });
    expect(checkLimits(1001n, limits, 'sum')).toEqual({
      ok: false,
      reason: 'amount_too_large',
      message: 'sum above maximum',
    });
  });

  it('are never zero or negative, whatever the minimum', () => {
    const none = { minAmountMinor: 0n, maxAmountMinor: 1000n };
    expect(checkLimits(0n, none)).toMatchObject({ ok: false, reason: 'amount_too_small' });
    expect(checkLimits(1n, none)).toEqual({ ok: true, value: 1n });
  });

  it('in whole minor units are plain digits, 18 at most', () => {
    expect(parseMinorUnits('1045')).toEqual({ ok: true, minor: 1045n });
    expect(parseMinorUnits('9'.repeat(18))).toEqual({ ok: true, minor: 999_999_999_999_999_999n });
    expect(parseMinorUnits('9'.repeat(19))).toEqual({ ok: false, reason: 'format' });
    expect(parseMinorUnits('-5')).toEqual({ ok: false, reason: 'negative' });
    expect(parseMinorUnits('-')).toEqual({ ok: false, reason: 'format' });
    expect(parseMinorUnits('x-5')).toEqual({ ok: false, reason: 'format' });
    expect(parseMinorUnits('-5x')).toEqual({ ok: false, reason: 'format' });
    expect(parseMinorUnits('10.45')).toEqual({ ok: false, reason: 'format' });
    expect(parseMinorUnits('')).toEqual({ ok: false, reason: 'format' });
  });

  it('answer a negative one as too small, an unreadable one as a bad amount, a zero only where allowed', () => {
    const options = { badAmount: 'sum is not an amount', field: 'sum' };
    expect(checkAmount({ ok: false, reason: 'negative' }, limits, options)).toEqual({
      ok: false,
      reason: 'amount_too_small',
      message: 'sum is negative',
    });
    expect(checkAmount({ ok: false, reason: 'negative' }, limits, { badAmount: 'x' })).toMatchObject({
      message: 'amount is negative',
    });
    expect(checkAmount({ ok: false, reason: 'format' }, limits, options)).toEqual({
      ok: false,
      reason: 'bad_amount',
      message: 'sum is not an amount',
    });
    expect(checkAmount({ ok: true, minor: 0n }, limits, { ...options, zeroAllowed: true })).toEqual({
      ok: true,
      value: 0n,
    });
    expect(checkAmount({ ok: true, minor: 0n }, limits, options)).toMatchObject({ message: 'sum below minimum' });
    expect(checkAmount({ ok: true, minor: 50n }, limits, { ...options, zeroAllowed: true })).toMatchObject({
      reason: 'amount_too_small',
    });
    expect(checkAmount({ ok: true, minor: 500n }, limits, options)).toEqual({ ok: true, value: 500n });
  });
});

describe('terminal settings', () => {
  it('take amounts as digits, or also as safe integers where the PSP allows', () => {
    const strict = z.object(terminalSettingsShape);
    expect(strict.parse({ minAmountMinor: '100' }).minAmountMinor).toBe(100n);
    expect(strict.safeParse({ minAmountMinor: 100 }).success).toBe(false);
    expect(strict.safeParse({ maxAmountMinor: '1'.repeat(19) }).success).toBe(false);
    expect(strict.safeParse({ accountPattern: '' }).success).toBe(false);
    expect(strict.safeParse({ accountPattern: 'a'.repeat(500) }).success).toBe(true);
    expect(strict.safeParse({ accountPattern: 'a'.repeat(501) }).success).toBe(false);
    const numeric = z.object(terminalSettingsFields({ numericAmounts: true }));
    expect(numeric.parse({ maxAmountMinor: 5000 }).maxAmountMinor).toBe(5000n);
    expect(numeric.parse({ maxAmountMinor: '5000' }).maxAmountMinor).toBe(5000n);
    expect(numeric.safeParse({ maxAmountMinor: -1 }).success).toBe(false);
    expect(numeric.safeParse({ maxAmountMinor: 1.5 }).success).toBe(false);
    expect(digitsOrSafeInteger.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
    expect(digitsOrSafeInteger.safeParse(Number.MAX_SAFE_INTEGER + 1).success).toBe(false);
    expect(digitsOrSafeInteger.safeParse('12a').success).toBe(false);
  });

  const schema = z.object(terminalSettingsShape);
  it("are read for the wallet's own PSP and a supported currency, with the PSP's defaults", () => {
    const wallet = { psp: 'tbc' as const, currency: 'GEL', settings: { maxAmountMinor: '500' } };
    const read = readTerminalWallet(schema, 'tbc', wallet, { defaults: { ...TERMINAL_DEFAULTS, minAmountMinor: 7n } });
    expect(read).toMatchObject({ ok: true, terminal: { minAmountMinor: 7n, maxAmountMinor: 500n } });
    expect(readTerminalWallet(schema, 'tellcell', wallet)).toEqual({
      ok: false,
      message: 'wallet settings invalid: wallet is for tbc, not tellcell',
    });
    expect(readTerminalWallet(schema, 'tbc', { ...wallet, currency: 'XXX' })).toEqual({
      ok: false,
      message: 'wallet settings invalid: unsupported currency XXX',
    });
    expect(
      readTerminalWallet(schema, 'tbc', { ...wallet, settings: { minAmountMinor: '0' } }, { minAtLeastOne: true }),
    ).toEqual({ ok: false, message: 'wallet settings invalid: need 1 <= minAmountMinor <= maxAmountMinor' });
    const bad = readTerminalWallet(schema, 'tbc', { ...wallet, settings: { maxAmountMinor: 'x' } });
    expect(bad.ok).toBe(false);
    expect(problemOf(bad)).toMatch(/^wallet settings invalid: .*maxAmountMinor/s);
  });

  it('check the currency as the PSP says', () => {
    const wallet = { psp: 'tbc' as const, currency: 'USD', settings: {} };
    expect(readWalletSettings(schema, 'tbc', wallet, onlyCurrency('GEL', 'TBC pays in GEL only'))).toEqual({
      ok: false,
      message: 'wallet settings invalid: TBC pays in GEL only',
    });
    expect(readWalletSettings(schema, 'tbc', { ...wallet, currency: 'GEL' }, onlyCurrency('GEL', 'x')).ok).toBe(true);
    expect(readWalletSettings(schema, 'tbc', { ...wallet, currency: 'XXX' }, currencyCheckedLater).ok).toBe(true);
    expect(parseWalletSettings(schema, { exposeDriverName: true })).toEqual({
      ok: true,
      settings: { exposeDriverName: true },
    });
    const problem = settingsProblemBy(() => ({ ok: false, message: 'no' }));
    expect(problem(wallet)).toBe('no');
    expect(settingsProblemBy(() => ({ ok: true }))(wallet)).toBeUndefined();
  });
});
