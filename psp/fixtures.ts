import type { Outcome, PaymentView } from './types';

/** A payment as the gateway hands it to adapters; tests override what they look at. */
export function paymentView(overrides: Partial<PaymentView> = {}): PaymentView {
  return {
    prvTxn: '98765',
    pspTxnId: '1234567',
    account: 'DRV000123',
    amountMinor: 1045n,
    currency: 'RUB',
    state: 'accepted',
    cancelledAt: null,
    confirmedAt: null,
    createdAt: new Date('2024-03-25T11:06:01.000Z'),
    pspPaidAt: new Date('2024-03-25T11:06:00.000Z'),
    ...overrides,
  };
}

export function payAccepted(
  overrides: Partial<PaymentView> = {},
  repeat = false,
): Extract<Outcome, { kind: 'pay_accepted' }> {
  return { kind: 'pay_accepted', payment: paymentView(overrides), repeat };
}
