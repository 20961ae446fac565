import { createContext, Script } from 'node:vm';

/** A whole-string pattern for accounts (or bill numbers) with its named groups. */
export interface AccountPattern {
  /** The named groups of a whole-string match; undefined when the input does not match. */
  match(input: string): Readonly<Record<string, string>> | undefined;
}

/**
 * A park's own pattern gets this long per match. Backtracking regular expressions can take exponential time on
 * crafted input (`(a+)+$`), and one such call would stall every park's payments on this process; a sane pattern
 * matches a 200-character account in microseconds.
 */
export const PARK_PATTERN_BUDGET_MS = 20;

const sandbox = createContext({ re: /$^/u, input: '', result: null as Record<string, string> | null });
const matchInSandbox = new Script(
  'result = (function (m) { return m ? Object.assign({}, m.groups) : null; })(re.exec(input));',
);

/**
 * Always a whole-string match, whatever anchors the pattern has; 'u' for strict syntax and \p{…} classes. Our own
 * defaults run natively; a park's (`fromPark`) runs under a time budget, and one that exceeds it is no match.
 * Undefined when the pattern does not compile.
 */
export function compileAccountPattern(
  pattern: string,
  { fromPark }: { fromPark: boolean },
): AccountPattern | undefined {
  let whole: RegExp;
  try {
    // Compiled alone first: an unbalanced pattern such as `a)|(b` would otherwise break out of the anchors.
    new RegExp(pattern, 'u');
    whole = new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
  if (!fromPark) return { match: (input) => groupsOf(whole.exec(input)) };
  return { match: (input) => matchWithinBudget(whole, input) };
}

function groupsOf(match: RegExpExecArray | null): Readonly<Record<string, string>> | undefined {
  return match ? { ...match.groups } : undefined;
}

function matchWithinBudget(re: RegExp, input: string): Readonly<Record<string, string>> | undefined {
  Object.assign(sandbox, { re, input, result: null });
  try {
    matchInSandbox.runInContext(sandbox, { timeout: PARK_PATTERN_BUDGET_MS });
  } catch {
    return undefined; // over budget: the account is refused, the process goes on serving
  }
  const result = sandbox.result as Record<string, string> | null;
  return result ? { ...result } : undefined;
}
