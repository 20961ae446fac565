import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { PaymentDesk } from '../application/payment-desk';
import { paymentWorkflowId } from '../domain/payment';
import type { PayCommand, WalletContext } from '../psp/types';
import { deskOf, eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { clearFaults, seedDrivers, setFaults } from '../testkit/neighbours';

// Each workflow and activity task is a round trip through the Temporal server, and the server bounds end-to-end
// throughput: a payment takes two workflow tasks and one activity task, and an outage still retries the slow way.
let h: Harness;
let desk: PaymentDesk;
let wallet: WalletContext;

beforeAll(async () => {
  h = await startHarness();
  desk = deskOf(h);
  wallet = { id: randomUUID(), parkId: newParkId(), psp: 'easypay', currency: 'RUB', settings: {}, credentials: {} };
});
afterAll(() => h?.close());
afterEach(() => clearFaults(h.fleetTransactionsUrl));

async function newPayment() {
  const driverId = `DRV-${randomUUID().slice(0, 8)}`;
  await seedDrivers(h.billingUrl, [{ park_id: wallet.parkId, id: driverId, display_name: 'Round trips' }]);
  const cmd: PayCommand = { kind: 'pay', pspTxnId: `rt-${randomUUID()}`, account: driverId, amountMinor: 900n };
  expect(await desk.accept(wallet, cmd)).toMatchObject({ kind: 'pay_accepted' });
  return { driverId, handle: h.sys.temporal.workflow.getHandle(paymentWorkflowId(wallet.id, cmd.pspTxnId)) };
}

type Event = temporal.api.history.v1.IHistoryEvent;
const localActivityOf = (e: Event): string | undefined => {
  const data = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type : undefined;
};

/** What the server did for the payment: its workflow tasks, its activity tasks, and the local activities' outcomes. */
async function roundTrips(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
    failedWorkflowTasks: events.filter(
      (e) => e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes,
    ).length,
    activityTasks: events
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter((name) => name !== undefined),
    local: events
      .filter((e) => localActivityOf(e) !== undefined)
      .map((e) => `${localActivityOf(e)} ${e.markerRecordedEventAttributes?.failure ? 'failed' : 'done'}`),
  };
}

it('a payment is credited by one activity task; the record and the final state run in the second workflow task', async () => {
  const { driverId, handle } = await newPayment();
  expect(await handle.result()).toMatchObject({ state: 'processed' });

  expect(await roundTrips(handle)).toEqual({
    workflowTasks: 2,
    failedWorkflowTasks: 0,
    activityTasks: ['creditDriver'],
    local: ['recordFleetTransaction done', 'finishTransaction done'],
  });
  await expectLedger(h, wallet.parkId, driverId, { credits: 1, records: 1, reversals: 0, balance: 900n });
});

it('fleet-transactions down past the local try: the record waits as a regular activity, no workflow task held open', async () => {
  await setFaults(h.fleetTransactionsUrl, { status: 503, paths: [`/v1/parks/${wallet.parkId}/transactions`] });
  const { driverId, handle } = await newPayment();

  // Retried by the server with its backoff while the workflow waits without a task in flight.
  const during = await eventually(
    () => handle.describe(),
    (d) =>
      (d.raw.pendingActivities ?? []).some(
        (a) => a.activityType?.name === 'recordFleetTransaction' && (a.attempt ?? 0) >= 2,
      ),
    30_000,
  );
  expect(during.raw.pendingWorkflowTask ?? null).toBeNull();
  await clearFaults(h.fleetTransactionsUrl);

  expect(await handle.result()).toMatchObject({ state: 'processed' });
  expect(await roundTrips(handle)).toMatchObject({
    failedWorkflowTasks: 0,
    activityTasks: ['creditDriver', 'recordFleetTransaction'],
    local: ['recordFleetTransaction failed', 'finishTransaction done'],
  });
  await expectLedger(h, wallet.parkId, driverId, { credits: 1, records: 1, reversals: 0, balance: 900n });
});
