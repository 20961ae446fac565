import { qiwiQvpAdapter } from '../qiwi_qvp';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import { compileAccountPattern, PARK_PATTERN_BUDGET_MS } from './account-pattern';

describe.each([false, true])('a pattern (fromPark: %s)', (fromPark) => {
  it('matches the whole string only, whatever anchors it has, and returns its named groups', () => {
    const p = compileAccountPattern('(?<account>[A-Z]{3})-\\d+', { fromPark })!;
    expect(p.match('ABC-12')).toEqual({ account: 'ABC' });
    expect(p.match('xABC-12')).toBeUndefined();
    expect(p.match('ABC-12x')).toBeUndefined();
    expect(compileAccountPattern('^\\p{L}+$', { fromPark })!.match('Иван')).toEqual({});
  });

  it('refuses what does not compile, or would break out of the anchors', () => {
    expect(compileAccountPattern('a)|(b', { fromPark })).toBeUndefined();
    expect(compileAccountPattern('[', { fromPark })).toBeUndefined();
  });
});

it("a park's catastrophic pattern is cut off at its budget: no match, and the process goes on", () => {
  const evil = compileAccountPattern('(a+)+', { fromPark: true })!;
  const started = performance.now();
  expect(evil.match(`${'a'.repeat(40)}!`)).toBeUndefined();
  // Native backtracking on this input runs for minutes; the budget plus scheduling slack is what it takes here.
  expect(performance.now() - started).toBeLessThan(PARK_PATTERN_BUDGET_MS + 1000);
  expect(evil.match('aaaa')).toEqual({});
});

it('an OSMP wallet with such a pattern refuses the crafted account as bad_account', () => {
  const wallet = { ...testWallet('qiwi_qvp', 'RUB'), settings: { accountPattern: '(a|aa)+' } };
  const req = pspRequest(`/qiwi?command=check&txn_id=1&account=${'a'.repeat(60)}b`);
  expect(qiwiQvpAdapter.parse(req, wallet)).toMatchObject({ ok: false, reason: 'bad_account' });
  expect(qiwiQvpAdapter.parse(pspRequest('/qiwi?command=check&txn_id=1&account=aaa'), wallet)).toMatchObject({
    ok: true,
  });
});
