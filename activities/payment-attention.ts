import type { PaymentInput } from '../domain/payment';
import type { PaymentAttentionStore, SettleResult } from '../storage/payment-attention';

export interface PaymentAttentionDeps {
  attention: PaymentAttentionStore;
}

const key = (input: PaymentInput) => [input.parkId, BigInt(input.transactionId)] as const;

/** The re-drive's and the settlement's moves on the transaction row; crediting reuses the payment's own activities. */
export function createPaymentAttentionActivities({ attention }: PaymentAttentionDeps) {
  return {
    claimRedrive: (input: PaymentInput): Promise<boolean> => attention.claimRedrive(...key(input)),
    redriveRefused: (input: PaymentInput, reason: string): Promise<void> =>
      attention.redriveRefused(...key(input), reason),
    redriven: (input: PaymentInput): Promise<boolean> => attention.redriven(...key(input)),
    settle: (input: PaymentInput, note: string): Promise<SettleResult> => attention.settle(...key(input), note),
  };
}

export type PaymentAttentionActivities = ReturnType<typeof createPaymentAttentionActivities>;
