import { DENY_ALL_IPS } from '../ip-allow-list';
import { definePspManifest } from '../manifest';
import type { PspAdapter } from '../types';
import { parseAm, type AmContext } from './am/parse';
import { renderAm } from './am/render';
import { verifyAm } from './am/verify';
import { productOf, resolveRules, resolveSettingsRules } from './settings';
import { problemOf } from '../shared/wallet-settings';
import { easypaySimulator } from './simulator';
import { parseUa, type UaContext } from './ua/parse';
import { renderUa } from './ua/render';
import { verifyUa } from './ua/verify';

export type EasypayContext = UaContext | AmContext;

/**
 * EasyPay runs two unrelated products under one name; each wallet says which (`product: 'ua' | 'am'`) and a wallet
 * that does not is refused. Both publish no source ranges: parks list EasyPay's addresses in `ipAllowList`.
 * `clock` dates answers that are not about a stored payment.
 */
export function createEasypayAdapter(clock: () => Date = () => new Date()): PspAdapter<EasypayContext> {
  return {
    code: 'easypay',
    defaultIpAllowList: DENY_ALL_IPS,
    settingsProblem: (draft) => problemOf(resolveSettingsRules(draft)),
    verify(req, wallet) {
      const resolved = resolveRules(wallet);
      if (!resolved.ok) return { ok: false, reason: 'forbidden', message: resolved.message };
      return resolved.rules.product === 'ua' ? verifyUa(req, resolved.rules) : verifyAm(req, resolved.rules);
    },
    parse(req, wallet) {
      const resolved = resolveRules(wallet);
      if (!resolved.ok)
        return { ok: false, reason: 'error', message: resolved.message, context: { product: productOf(req, wallet) } };
      return resolved.rules.product === 'ua' ? parseUa(req, resolved.rules) : parseAm(req, resolved.rules);
    },
    render(outcome, context, req, wallet) {
      const product = context?.product ?? productOf(req, wallet);
      const resolved = wallet && resolveRules(wallet);
      const rules = resolved?.ok ? resolved.rules : undefined;
      return product === 'ua'
        ? renderUa(
            outcome,
            context?.product === 'ua' ? context : undefined,
            rules?.product === 'ua' ? rules : undefined,
            clock(),
          )
        : renderAm(
            outcome,
            context?.product === 'am' ? context : undefined,
            req,
            rules?.product === 'am' ? rules : undefined,
          );
    },
  };
}

export const easypayAdapter = createEasypayAdapter();

export const easypay = definePspManifest({
  code: 'easypay',
  adapter: easypayAdapter,
  simulator: easypaySimulator(),
  currencies: ['UAH', 'AMD'],
  // A wallet names its product, and the product fixes the currency; the UA service id is the park's own.
  starterSettings: (currency) => (currency === 'UAH' ? { product: 'ua', serviceId: '1234' } : { product: 'am' }),
});
