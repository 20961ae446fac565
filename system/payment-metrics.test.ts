import { CANCELLED_AND_REVERSED, CANCELLED_BY_PSP } from '../domain/payment';
import type { PaymentAttentionStore } from '../storage/payment-attention';
import type { TransactionState, TransactionStore } from '../storage/transactions';
import { createMetrics } from './metrics';
import { observeAttention, observeTransitions, rejectionClass } from './payment-metrics';

describe('rejectionClass', () => {
  it.each([
    [CANCELLED_BY_PSP, 'psp_cancel'],
    [CANCELLED_AND_REVERSED, 'psp_cancel'],
    ['not confirmed by the PSP in time', 'hold_expired'],
    ['the PSP does not confirm the payment: Paystack status is failed', 'psp_verification'],
    ['no verification with qiwi is available', 'psp_verification'],
    ['driver_blocked: billing: the driver is blocked', 'neighbour_refused'],
    ['no such transaction', 'other'],
    [undefined, 'other'],
  ])('%s → %s', (reason, expected) => {
    expect(rejectionClass(reason)).toBe(expected);
  });
});

/** A store holding one row's state, moving it as `finish` does: only from `accepted` (or `processed` on a reversal). */
function oneRowStore(state: TransactionState): TransactionStore {
  return {
    get: async () => ({ state }),
    finish: async (
      _park: string,
      _id: bigint,
      to: 'processed' | 'rejected',
      _why?: string,
      opts: { reversal?: boolean } = {},
    ) => {
      if (state === 'accepted' || (opts.reversal && state === 'processed')) state = to;
      return state;
    },
  } as unknown as TransactionStore;
}

const counted = async (metrics: ReturnType<typeof createMetrics>) =>
  (await metrics.registry.getMetricsAsJSON())
    .filter((m) => m.name === 'payment_transitions_total' || m.name === 'payments_rejected_after_accept_total')
    .flatMap((m) => m.values.map((v) => `${m.name} ${JSON.stringify(v.labels)} ${v.value}`));

describe('observeTransitions', () => {
  it('counts a change once, however often a retried activity repeats it', async () => {
    const metrics = createMetrics();
    const store = observeTransitions(oneRowStore('accepted'), metrics);
    for (let attempt = 0; attempt < 3; attempt++) await store.finish('p', 1n, 'rejected', 'driver_blocked: no');
    expect(await counted(metrics)).toEqual([
      'payment_transitions_total {"from":"accepted","to":"rejected"} 1',
      'payments_rejected_after_accept_total {"reason":"neighbour_refused"} 1',
    ]);
  });

  it('does not count a PSP cancel as a rejection after an accepted answer', async () => {
    const metrics = createMetrics();
    const store = observeTransitions(oneRowStore('processed'), metrics);
    await store.finish('p', 1n, 'rejected', CANCELLED_AND_REVERSED, { reversal: true });
    expect(await counted(metrics)).toEqual(['payment_transitions_total {"from":"processed","to":"rejected"} 1']);
  });
});

/** One payment in the needs-attention queue: the first re-drive or settle resolves it, repeats find it resolved. */
function oneOpenItem(): PaymentAttentionStore {
  let open = true;
  return {
    redriven: async () => {
      const moved = open;
      open = false;
      return moved;
    },
    settle: async () => {
      const moved = open;
      open = false;
      return moved ? 'settled' : 'already_settled';
    },
  } as unknown as PaymentAttentionStore;
}

describe('observeAttention', () => {
  it('counts a re-drive once as attention → processed, however often it is repeated', async () => {
    const metrics = createMetrics();
    const store = observeAttention(oneOpenItem(), metrics);
    for (let attempt = 0; attempt < 3; attempt++) await store.redriven('p', 1n);
    expect(await counted(metrics)).toEqual(['payment_transitions_total {"from":"attention","to":"processed"} 1']);
  });

  it('counts a settlement once as attention → rejected, however often it is repeated', async () => {
    const metrics = createMetrics();
    const store = observeAttention(oneOpenItem(), metrics);
    for (let attempt = 0; attempt < 3; attempt++) await store.settle('p', 1n, 'refunded');
    expect(await counted(metrics)).toEqual(['payment_transitions_total {"from":"attention","to":"rejected"} 1']);
  });
});
