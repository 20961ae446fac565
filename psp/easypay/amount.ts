import { parseDecimalAmount } from '../../domain/money';
import type { Checked } from '../shared/checked';
import { checkAmount } from '../shared/terminal-rules';
import type { EasypayRules } from './settings';

/** Both products send major units as a decimal ("10", "500.75"); parsed exactly, a zero top-up is never valid. */
export function readAmount(text: string, currency: string, rules: EasypayRules): Checked<bigint> {
  return checkAmount(parseDecimalAmount(text, currency), rules, {
    badAmount: 'amount must be a decimal with at most the currency minor digits',
  });
}
