import type { PaymentActivities } from '../../activities/payment';

/** Where a test can stop a payment: inside one of its activities, before the activity does anything. */
export type HoldPoint = 'credit' | 'record' | 'finish-processed' | 'finish-rejected';

interface Latch {
  entered: Promise<void>;
  enter(): void;
  release(): void;
  released: Promise<void>;
}

function latch(): Latch {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((r) => (enter = r));
  const released = new Promise<void>((r) => (release = r));
  return { entered, enter, release, released };
}

/**
 * Payment activities that stop at a hold point of one payment (by PSP transaction id) until the test releases it, so
 * a cancel or confirm lands at an exact step of the workflow instead of whenever the machine's load puts it.
 */
export function heldActivities(real: PaymentActivities) {
  const holds = new Map<string, Latch>();
  const pass = async (point: HoldPoint, pspTxnId: string) => {
    const l = holds.get(`${point}:${pspTxnId}`);
    if (!l) return;
    l.enter();
    await l.released;
  };

  const activities: PaymentActivities = {
    ...real,
    async creditDriver(input) {
      await pass('credit', input.pspTxnId);
      return real.creditDriver(input);
    },
    async recordFleetTransaction(input, category) {
      if (category === 'partner_service_payment') await pass('record', input.pspTxnId);
      return real.recordFleetTransaction(input, category);
    },
    async finishTransaction(input, state, reason, reversal) {
      if (!reversal) await pass(state === 'processed' ? 'finish-processed' : 'finish-rejected', input.pspTxnId);
      return real.finishTransaction(input, state, reason, reversal);
    },
  };

  return {
    activities,
    /** Stops the payment at `point`; await `entered` to know it is there, call `release` to let it go on. */
    hold(point: HoldPoint, pspTxnId: string): Pick<Latch, 'entered' | 'release'> {
      const l = latch();
      holds.set(`${point}:${pspTxnId}`, l);
      return l;
    },
  };
}
