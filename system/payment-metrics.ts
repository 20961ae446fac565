import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { CANCELLED_AND_REVERSED, CANCELLED_BY_PSP } from '../domain/payment';
import type { PaymentAttentionStore } from '../storage/payment-attention';
import type { Db } from '../storage/prisma';
import type { TransactionStore } from '../storage/transactions';
import type { Metrics } from './metrics';

/** Reasons are free text (a neighbour's code and message among them): only their class may become a label. */
export function rejectionClass(reason: string | undefined): string {
  if (reason === CANCELLED_BY_PSP || reason === CANCELLED_AND_REVERSED) return 'psp_cancel';
  if (!reason) return 'other';
  if (/not confirmed by the PSP in time/.test(reason)) return 'hold_expired';
  if (/^(the PSP does not confirm|no verification with)/.test(reason)) return 'psp_verification';
  // A neighbour's business refusal reads `code: message` (e.g. `driver_blocked: …`).
  if (/^[a-z][a-z0-9_]*: /.test(reason)) return 'neighbour_refused';
  return 'other';
}

/**
 * The transaction store, counting the state changes it makes. `finish` reads the state first (one primary-key read,
 * in the worker, off the PSP's path): a retried activity whose first attempt already moved the row counts nothing.
 */
export function observeTransitions(store: TransactionStore, metrics: Metrics): TransactionStore {
  return {
    ...store,
    async accept(t) {
      const accepted = await store.accept(t);
      if (accepted.created) metrics.paymentTransitions.inc({ from: 'new', to: 'accepted' });
      return accepted;
    },
    async finish(parkId, id, state, rejectReason, opts) {
      const before = (await store.get(parkId, id))?.state;
      const after = await store.finish(parkId, id, state, rejectReason, opts);
      if (before && before !== after && after === state) {
        metrics.paymentTransitions.inc({ from: before, to: after });
        const reason = rejectionClass(rejectReason);
        if (after === 'rejected' && reason !== 'psp_cancel') metrics.rejectedAfterAccept.inc({ reason });
      }
      return after;
    },
  };
}

/**
 * The needs-attention store, counting ops' re-drives and settlements as moves out of `attention`: a settled payment
 * may have been `rejected` before and after, yet it left the queue. Only the call that moved the row counts, so a
 * repeated action or a retried activity counts nothing.
 */
export function observeAttention(store: PaymentAttentionStore, metrics: Metrics): PaymentAttentionStore {
  return {
    ...store,
    async redriven(parkId, id) {
      const moved = await store.redriven(parkId, id);
      if (moved) metrics.paymentTransitions.inc({ from: 'attention', to: 'processed' });
      return moved;
    },
    async settle(parkId, id, note) {
      const result = await store.settle(parkId, id, note);
      if (result === 'settled') metrics.paymentTransitions.inc({ from: 'attention', to: 'rejected' });
      return result;
    },
  };
}

/**
 * Accepted payments older than 1 and 10 minutes, counted when Prometheus scrapes. The `state = 'accepted'` predicate
 * matches the partial index on accepted rows, so the count reads only the payments in flight.
 */
export function trackStuckPayments(registry: Registry, db: Db, log: Logger): void {
  new Gauge({
    name: 'payments_stuck',
    help: 'Payments still `accepted` longer than `older_than` (all parks): crediting is not keeping up or is failing',
    labelNames: ['older_than'] as const,
    registers: [registry],
    async collect() {
      try {
        const [row] = await db.$queryRaw<{ over1m: bigint; over10m: bigint }[]>`
          SELECT count(*) AS over1m,
                 count(*) FILTER (WHERE created_at < now() - interval '10 minutes') AS over10m
          FROM transactions
          WHERE state = 'accepted' AND created_at < now() - interval '1 minute'`;
        this.set({ older_than: '1m' }, Number(row?.over1m ?? 0));
        this.set({ older_than: '10m' }, Number(row?.over10m ?? 0));
      } catch (err) {
        // A scrape must still answer with the other metrics; the gauge keeps its last value.
        log.warn({ err }, 'could not count stuck payments');
      }
    },
  });
}
