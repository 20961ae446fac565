import fc from 'fast-check';
import type { PspCode } from '../domain/psp-codes';
import { ADAPTERS, getAdapter } from './registry';
import type { WalletDraft } from './types';

// What a park saves is judged by the PSP's own rules at save time (api-internal answers 400 with the message).
const draft = (psp: PspCode, currency: string, settings: Record<string, unknown> = {}): WalletDraft => ({
  psp,
  currency,
  settings,
});
const problem = (d: WalletDraft) => getAdapter(d.psp)!.settingsProblem(d);

it.each([
  draft('qiwi_qvp', 'RUB'),
  draft('qiwi_md', 'MDL', { paramNames: { account: 'number' }, txnDateUtcOffsetMinutes: 180 }),
  draft('city24', 'UAH', { accountPattern: '\\d{10}', minAmountMinor: '100' }),
  draft('mobilnik', 'KGS'),
  draft('mobilnik', 'KGS', { channel: 'web', clockToleranceSeconds: 30, totalSumUnit: 'minor' }),
  draft('easypay', 'UAH', { product: 'ua', serviceId: '1234', timeZone: 'Europe/Kyiv' }),
  draft('easypay', 'AMD', { product: 'am' }),
  draft('paystack', 'NGN', { driverIdMetadataKey: 'driver' }),
  draft('qiwi', 'RUB', { notificationAuth: 'signature', prvId: '24274' }),
  draft('elecsnet', 'RUB'),
  draft('tbc', 'GEL', { duplicateResult: 215 }),
  draft('tellcell', 'AMD'),
  draft('idram', 'AMD', { recAccount: '110000601' }),
  draft('uzpaynet', 'UZS'),
])('a good configuration of $psp in $currency passes', (d) => {
  expect(problem(d)).toBeUndefined();
});

it.each([
  [draft('qiwi_qvp', 'RUB', { minAmountMinor: '1.5' }), 'minAmountMinor'],
  [draft('qiwi_qvp', 'RUB', { paramNames: { account: 'sum' } }), 'distinct'],
  [draft('city24', 'UAH', { minAmountMinor: '500', maxAmountMinor: '100' }), 'minAmountMinor'],
  [draft('qiwi_md', 'MDL', { accountPattern: '(' }), 'accountPattern'],
  [draft('mobilnik', 'KGS', { channel: 'sms' }), 'channel'],
  [draft('mobilnik', 'KGS', { channel: 'web', clockToleranceSeconds: 3600 }), 'clockToleranceSeconds'],
  [draft('easypay', 'AMD'), 'product'],
  [draft('easypay', 'AMD', { product: 'ua', serviceId: '1' }), 'UAH'],
  [draft('easypay', 'UAH', { product: 'ua', serviceId: '1', timeZone: 'Mars/Olympus' }), 'timeZone'],
  [draft('paystack', 'NGN', { driverIdMetadataKey: 'a b' }), 'driverIdMetadataKey'],
  [draft('qiwi', 'RUB', { notificationAuth: 'none' }), 'notificationAuth'],
  [draft('tbc', 'GEL', { duplicateResult: 1 }), 'duplicateResult'],
  [draft('idram', 'AMD'), 'recAccount'],
  [draft('idram', 'USD', { recAccount: '110000601' }), 'AMD'],
  [draft('uzpaynet', 'USD'), 'UZS'],
] as const)('%j is refused naming %s', (d, named) => {
  expect(problem(d)).toEqual(expect.stringContaining(named));
});

it('judges any settings of any PSP without throwing', () => {
  const codes = [...ADAPTERS.keys()];
  fc.assert(
    fc.property(
      fc.constantFrom(...codes),
      fc.constantFrom('RUB', 'UAH', 'AMD', 'XXX'),
      fc.dictionary(fc.string(), fc.anything()),
      (psp, currency, settings) => {
        const verdict = getAdapter(psp)!.settingsProblem({ psp, currency, settings });
        expect(verdict === undefined || typeof verdict === 'string').toBe(true);
      },
    ),
  );
});
