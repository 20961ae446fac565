import { paynetWallet } from './fixtures/http';
import { resolveWalletRules } from './wallet-rules';

describe('resolveWalletRules', () => {
  it('refuses a configured minimum of 0 tiyin: 1 tiyin is the least a wallet may set', () => {
    expect(resolveWalletRules(paynetWallet({ minAmountMinor: 0 }))).toStrictEqual({
      ok: false,
      message: 'wallet settings invalid: need 1 <= minAmountMinor <= maxAmountMinor',
    });
    expect(resolveWalletRules(paynetWallet({ minAmountMinor: 1 }))).toMatchObject({
      ok: true,
      rules: { minAmountMinor: 1n },
    });
  });
});
