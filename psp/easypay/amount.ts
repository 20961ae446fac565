import { parseDecimalAmount } from '../../domain/money';
import { refusal, type Checked } from '../shared/checked';
import { checkLimits } from '../shared/terminal-rules';
import type { EasypayRules } from './settings';

/** Both products send major units as a decimal ("10", "500.75"); parsed exactly, a zero top-up is never valid. */
export function readAmount(text: string, currency: string, rules: EasypayRules): Checked<bigint> {
  const parsed = parseDecimalAmount(text, currency);
  if (!parsed.ok) {
    return parsed.reason === 'negative'
      ? refusal('amount_too_small', 'amount is negative')
      : refusal('bad_amount', 'amount must be a decimal with at most the currency minor digits');
  }
  return checkLimits(parsed.minor, rules);
}
