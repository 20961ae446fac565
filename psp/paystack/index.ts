import { settingsProblemBy } from '../shared/wallet-settings';
import { resolveSettings } from './settings';
import { definePspManifest } from '../manifest';
import type { PspAdapter } from '../types';
import { createPaystackClient } from './client';
import { parsePaystack, type PaystackContext } from './parse';
import { renderPaystack } from './render';
import { paystackSimulator } from './simulator';
import { verifyPaystack } from './verify';
import { paystackVerifier } from './verifier';

/**
 * Paystack webhooks (README: Rules). Source addresses as published (Hookdeck's setup guide, the same for test
 * and live); the HMAC authenticates every call anyway, so a park may widen the list without losing safety.
 */
export const PAYSTACK_WEBHOOK_IPS: readonly string[] = ['52.31.139.75/32', '52.49.173.169/32', '52.214.14.220/32'];

export const paystackAdapter: PspAdapter<PaystackContext> = {
  code: 'paystack',
  defaultIpAllowList: PAYSTACK_WEBHOOK_IPS,
  settingsProblem: settingsProblemBy(resolveSettings),
  verify: verifyPaystack,
  parse: parsePaystack,
  render: (outcome, context) => renderPaystack(outcome, context !== undefined),
};

export const paystack = definePspManifest({
  code: 'paystack',
  adapter: paystackAdapter,
  simulator: paystackSimulator,
  currencies: ['NGN', 'GHS', 'ZAR', 'KES', 'USD'],
  api: {
    name: 'paystack',
    urlConfigKey: 'PAYSTACK_API_URL',
    standInPort: 8094,
    client: createPaystackClient,
    standIn: () => import('./stand-in').then((m) => m.startPaystack),
    verifier: paystackVerifier,
  },
});
