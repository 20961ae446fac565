import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createPaymentActivities } from '../activities/payment';
import { createPaymentDesk, type PaymentDesk } from '../application/payment-desk';
import { createPaymentWorkflows, type PaymentWorkflows } from '../application/payment-workflows';
import { CANCELLED_AND_REVERSED, CANCELLED_BY_PSP, type PaymentStatus } from '../domain/payment';
import type { PayCommand, WalletContext } from '../psp/types';
import { newParkId, startHarness, type Harness } from '../testkit/harness';
import { heldActivities } from './support/held-activities';
import { seedDrivers, standInState } from '../testkit/neighbours';
import { workflowBundle } from '../testkit/workflow-bundle';

// A PSP's cancel and confirm against every step of a running payment, each step held still by a latch in the worker's
// activities, and the whole ledger of the payment's driver checked after: no credit kept for a cancelled payment.
let h: Harness;
let desk: PaymentDesk;
let workflows: PaymentWorkflows;
let wallet: WalletContext;
let held: ReturnType<typeof heldActivities>;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  const deps = { transactions: h.sys.transactions, temporal: h.sys.temporal, taskQueue: h.config.PAYMENTS_TASK_QUEUE };
  desk = createPaymentDesk(deps);
  workflows = createPaymentWorkflows(deps.temporal, deps.taskQueue, deps.transactions);
  wallet = { id: randomUUID(), parkId: newParkId(), psp: 'easypay', currency: 'RUB', settings: {}, credentials: {} };
  held = heldActivities(
    createPaymentActivities({
      billing: h.sys.billing,
      fleetTransactions: h.sys.fleetTransactions,
      transactions: h.sys.transactions,
    }),
  );
  const connection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: h.config.TEMPORAL_NAMESPACE,
    taskQueue: h.config.PAYMENTS_TASK_QUEUE,
    activities: held.activities,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
});
afterAll(async () => {
  await stopWorker?.();
  await h?.close();
});

type Credit = { park_id: string; driver_id: string; idempotency_key: string; amount_minor: string };
type Reversal = { credit_idempotency_key: string };
type FleetRecord = { park_id: string; driver_id: string; category: string; amount_minor: string };

/** Everything billing and fleet-transactions hold for one driver, whatever idempotency keys were used. */
async function ledgerOf(driverId: string) {
  const billing = await standInState<{ credits: Credit[]; reversals: Reversal[] }>(h.billingUrl);
  const credits = billing.credits.filter((c) => c.park_id === wallet.parkId && c.driver_id === driverId);
  const creditKeys = new Set(credits.map((c) => c.idempotency_key));
  const fleet = await standInState<{ records: FleetRecord[] }>(h.fleetTransactionsUrl);
  const records = fleet.records.filter((r) => r.park_id === wallet.parkId && r.driver_id === driverId);
  const res = await fetch(`${h.billingUrl}/v1/balances/${wallet.parkId}/${driverId}`);
  const balance = res.status === 404 ? 0n : BigInt(((await res.json()) as { balance_minor: string }).balance_minor);
  return {
    credits: credits.map((c) => c.amount_minor),
    reversals: billing.reversals.filter((r) => creditKeys.has(r.credit_idempotency_key)).length,
    records: records.map((r) => `${r.category} ${r.amount_minor}`).sort(),
    balance,
  };
}

const CREDITED_AND_REVERSED = {
  credits: ['700'],
  reversals: 1,
  records: ['partner_service_payment 700', 'partner_service_payment_reversal 700'],
  balance: 0n,
};
const UNTOUCHED = { credits: [], reversals: 0, records: [], balance: 0n };

/** A fresh driver per payment, so the ledger of each scenario is its own. */
async function newPayment(extra: Partial<PayCommand> = {}) {
  const driverId = `DRV-${randomUUID().slice(0, 8)}`;
  await seedDrivers(h.billingUrl, [{ park_id: wallet.parkId, id: driverId, display_name: 'Interleaving' }]);
  const cmd: PayCommand = {
    kind: 'pay',
    pspTxnId: `il-${randomUUID()}`,
    account: driverId,
    amountMinor: 700n,
    ...extra,
  };
  return { cmd, driverId, ref: { pspTxnId: cmd.pspTxnId } };
}
const row = async (pspTxnId: string) => (await h.sys.transactions.byKey(wallet.parkId, wallet.id, pspTxnId))!;
const outcomeOf = (pspTxnId: string) =>
  h.sys.temporal.workflow.getHandle(`payment:${wallet.id}:${pspTxnId}`).result() as Promise<PaymentStatus>;

describe('a cancel reaching a payment that is not held', () => {
  it.each([
    ['while billing is crediting', 'credit' as const],
    ['while fleet-transactions is recording', 'record' as const],
    ['while the payment is being marked processed', 'finish-processed' as const],
  ])('%s: the workflow takes it and reverses the credit', async (_when, point) => {
    const { cmd, driverId, ref } = await newPayment();
    const stop = held.hold(point, cmd.pspTxnId);
    await desk.accept(wallet, cmd);
    await stop.entered;

    const answers = await Promise.all([desk.cancel(wallet, ref), desk.cancel(wallet, ref)]);
    expect(answers.map((a) => a.kind)).toEqual(['cancelled', 'cancelled']);
    // Asked again while still held: the workflow's verdict on the first cancel (the Update id is fixed per request).
    expect(await workflows.cancel(await row(cmd.pspTxnId))).toBe('will_reverse');
    stop.release();

    expect(await outcomeOf(cmd.pspTxnId)).toMatchObject({ state: 'rejected', rejectReason: CANCELLED_AND_REVERSED });
    expect(await row(cmd.pspTxnId)).toMatchObject({ state: 'rejected', rejectReason: CANCELLED_AND_REVERSED });
    expect(await ledgerOf(driverId)).toEqual(CREDITED_AND_REVERSED);
  });

  it('after the workflow finished: the reversal workflow takes the credit back, once for any number of repeats', async () => {
    const { cmd, driverId, ref } = await newPayment();
    await desk.accept(wallet, cmd);
    expect(await outcomeOf(cmd.pspTxnId)).toMatchObject({ state: 'processed' });

    expect(await desk.cancel(wallet, ref)).toMatchObject({ kind: 'cancelled', repeat: false });
    expect(await desk.cancel(wallet, ref)).toMatchObject({ kind: 'cancelled', repeat: true });
    expect(await workflows.cancel(await row(cmd.pspTxnId))).toBe('already_finished');
    const reversal = h.sys.temporal.workflow.getHandle(`reversal:${wallet.id}:${cmd.pspTxnId}`);
    expect(await reversal.result()).toBe('reversed');

    expect(await row(cmd.pspTxnId)).toMatchObject({ state: 'rejected', rejectReason: CANCELLED_AND_REVERSED });
    expect(await ledgerOf(driverId)).toEqual(CREDITED_AND_REVERSED);
  });
  it('a repeat of a cancel whose first attempt died before Temporal heard of it is still honoured', async () => {
    const { cmd, driverId, ref } = await newPayment();
    const stop = held.hold('finish-processed', cmd.pspTxnId);
    await desk.accept(wallet, cmd);
    await stop.entered;
    // What the first attempt left: the cancel on the row, nothing in the workflow.
    await h.sys.transactions.markCancelled(wallet.parkId, (await row(cmd.pspTxnId)).id);

    expect(await desk.cancel(wallet, ref)).toMatchObject({ kind: 'cancelled', repeat: true });
    stop.release();

    expect(await outcomeOf(cmd.pspTxnId)).toMatchObject({ state: 'rejected', rejectReason: CANCELLED_AND_REVERSED });
    expect(await ledgerOf(driverId)).toEqual(CREDITED_AND_REVERSED);
  });

  it('a cancel of a payment whose workflow never started (Temporal down at PAY) starts it, and no credit stays', async () => {
    const { cmd, driverId, ref } = await newPayment();
    const atCredit = held.hold('credit', cmd.pspTxnId);
    const atReject = held.hold('finish-rejected', cmd.pspTxnId);
    await h.sys.transactions.accept({
      parkId: wallet.parkId,
      walletId: wallet.id,
      psp: wallet.psp,
      pspTxnId: cmd.pspTxnId,
      driverId,
      amountMinor: cmd.amountMinor,
      currency: wallet.currency,
      pspPaidAt: null,
      workflowId: `payment:${wallet.id}:${cmd.pspTxnId}`,
      hold: false,
      verifyWithPsp: false,
    });

    expect(await desk.cancel(wallet, ref)).toMatchObject({ kind: 'cancelled', repeat: false });
    // The started workflow may or may not have sent the credit before the cancel reached it: both are fine if said so.
    const where = await Promise.race([
      atCredit.entered.then(() => 'crediting'),
      atReject.entered.then(() => 'rejecting'),
    ]);
    expect(await workflows.cancel(await row(cmd.pspTxnId))).toBe(where === 'crediting' ? 'will_reverse' : 'dropped');
    atCredit.release();
    atReject.release();

    expect(await outcomeOf(cmd.pspTxnId)).toMatchObject({ state: 'rejected' });
    expect(await row(cmd.pspTxnId)).toMatchObject({ state: 'rejected', workflowStarted: true });
    expect(await ledgerOf(driverId)).toEqual(where === 'crediting' ? CREDITED_AND_REVERSED : UNTOUCHED);
  });
});

describe('a held payment', () => {
  it('cancelled before any confirm: dropped, never credited, and a later confirm is refused', async () => {
    const { cmd, driverId, ref } = await newPayment({ hold: true });
    const stop = held.hold('finish-rejected', cmd.pspTxnId);
    await desk.accept(wallet, cmd);

    expect(await desk.cancel(wallet, ref)).toMatchObject({ kind: 'cancelled', repeat: false });
    await stop.entered;
    expect(await workflows.cancel(await row(cmd.pspTxnId))).toBe('dropped');
    // The workflow is still rejecting: it says so itself, whatever the row says.
    expect(await workflows.confirm(await row(cmd.pspTxnId))).toBe('too_late');
    expect(await desk.confirm(wallet, ref)).toMatchObject({ kind: 'refused', reason: 'not_confirmable' });
    stop.release();

    expect(await outcomeOf(cmd.pspTxnId)).toMatchObject({ state: 'rejected', rejectReason: CANCELLED_BY_PSP });
    expect((await row(cmd.pspTxnId)).confirmedAt).toBeNull();
    expect(await ledgerOf(driverId)).toEqual(UNTOUCHED);
  });

  it('confirmed, then cancelled while being marked processed: credited once and reversed once', async () => {
    const { cmd, driverId, ref } = await newPayment({ hold: true });
    const stop = held.hold('finish-processed', cmd.pspTxnId);
    await desk.accept(wallet, cmd);
    await new Promise((r) => setTimeout(r, 500));
    expect(await ledgerOf(driverId)).toEqual(UNTOUCHED);

    expect(await desk.confirm(wallet, ref)).toMatchObject({ kind: 'confirmed', repeat: false });
    expect(await desk.confirm(wallet, ref)).toMatchObject({ kind: 'confirmed', repeat: true });
    await stop.entered;
    expect(await desk.cancel(wallet, ref)).toMatchObject({ kind: 'cancelled', repeat: false });
    expect(await workflows.cancel(await row(cmd.pspTxnId))).toBe('will_reverse');
    stop.release();

    expect(await outcomeOf(cmd.pspTxnId)).toMatchObject({ state: 'rejected', rejectReason: CANCELLED_AND_REVERSED });
    expect(await ledgerOf(driverId)).toEqual(CREDITED_AND_REVERSED);
  });

  it('a confirm of a payment that is not held is refused by the workflow as well as the desk, and changes nothing', async () => {
    const { cmd, driverId, ref } = await newPayment();
    const stop = held.hold('finish-processed', cmd.pspTxnId);
    await desk.accept(wallet, cmd);
    await stop.entered;
    expect(await workflows.confirm(await row(cmd.pspTxnId))).toBe('too_late');
    expect(await desk.confirm(wallet, ref)).toMatchObject({ kind: 'refused', reason: 'not_confirmable' });
    stop.release();

    expect(await outcomeOf(cmd.pspTxnId)).toMatchObject({ state: 'processed' });
    expect((await row(cmd.pspTxnId)).confirmedAt).toBeNull();
    expect(await ledgerOf(driverId)).toEqual({
      credits: ['700'],
      reversals: 0,
      records: ['partner_service_payment 700'],
      balance: 700n,
    });
  });
});
