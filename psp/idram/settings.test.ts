import type { WalletContext } from '../types';
import { PARK_PATTERN_BUDGET_MS } from '../shared/account-pattern';
import { resolveIdramRules } from './settings';

const wallet = (settings: Record<string, unknown>): WalletContext => ({
  id: 'w1',
  parkId: 'p1',
  psp: 'idram',
  currency: 'AMD',
  settings: { recAccount: '110000601', ...settings },
  credentials: {},
});

describe('resolveIdramRules', () => {
  it.each(['DRV\\d+', 'a)|(b', '(?<account>['])(
    'refuses the bill number pattern %j, saying what it must be',
    (billNoPattern) => {
      expect(resolveIdramRules(wallet({ billNoPattern }))).toStrictEqual({
        ok: false,
        message:
          'wallet settings invalid: billNoPattern must be a valid regular expression with a group named "account"',
      });
    },
  );

  it('runs a park pattern under the time budget: a catastrophic one matches nothing instead of stalling', () => {
    const resolved = resolveIdramRules(wallet({ billNoPattern: '(?<account>(a+)+)' }));
    if (!resolved.ok) throw new Error(resolved.message);
    expect(resolved.rules.billNo.match('aaaa')).toStrictEqual({ account: 'aaaa' });
    const started = performance.now();
    expect(resolved.rules.billNo.match(`${'a'.repeat(40)}!`)).toBeUndefined();
    // Native backtracking on this input runs for minutes; the budget plus scheduling slack is what it takes here.
    expect(performance.now() - started).toBeLessThan(PARK_PATTERN_BUDGET_MS + 1000);
  });
});
