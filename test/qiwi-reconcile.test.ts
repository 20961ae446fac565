import { randomBytes, randomUUID } from 'node:crypto';
import { invoiceWorkflowId } from '../domain/invoice';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { issueInvoice } from './support/invoices';
import { seedDrivers, standInState } from '../testkit/neighbours';
import { qiwiReconcileSchedule } from '../workers/schedules';

// The QIWI periodic settles QIWI invoices no live workflow watches (lost notification, outage, worker down): it asks
// QIWI, credits the paid ones once, rejects the ones past their TTL, and leaves a running invoice workflow alone.
let h: Harness;
const parkId = newParkId();
let walletId: string;
const QIWI = { prv_id: '24274', api_id: 'api-rec', api_password: randomBytes(8).toString('hex') };

const control = (path: string, body: unknown) =>
  fetch(`${h.config.QIWI_API_URL}/_control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const qiwiState = () =>
  standInState<{
    bills: Array<{ bill_id: string; status: string }>;
    requests: Array<{ method: string; bill_id: string }>;
  }>(h.config.QIWI_API_URL);
const periodic = () =>
  h.sys.temporal.workflow.execute('qiwiReconcile', {
    taskQueue: h.config.PAYMENTS_TASK_QUEUE,
    workflowId: `qiwi-reconcile-test-${randomUUID()}`,
    args: [{ olderThanSeconds: 0 }],
  });
const credits = async (driverId: string) =>
  (await standInState<{ credits: Array<{ driver_id: string; amount_minor: string }> }>(h.billingUrl)).credits.filter(
    (c) => c.driver_id === driverId,
  );
const invoice = (id: string) => h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id } } });

/** What a worker that died at the wrong moment leaves: the invoice row, and no workflow. */
async function orphanInvoice(driverId: string, amountMinor: bigint, expiresAt: Date) {
  const id = randomUUID();
  await h.sys.invoices.create({
    id,
    parkId,
    walletId,
    driverId,
    psp: 'qiwi',
    amountMinor,
    currency: 'RUB',
    phone: 'tel:+79031811737',
    idempotencyKey: id,
    requestHash: id,
    expiresAt,
    workflowId: invoiceWorkflowId(walletId, id),
  });
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  await control('/accounts', QIWI);
  const w = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi',
    name: 'QIWI',
    currency: 'RUB',
    settings: { prvId: QIWI.prv_id },
    credentials: { password: 'notify', apiId: QIWI.api_id, apiPassword: QIWI.api_password },
  });
  walletId = w.body.id;
  const drivers = ['DRV-R1', 'DRV-R2', 'DRV-R3'].map((id) => ({ park_id: parkId, id, display_name: id }));
  await seedDrivers(h.driverProfilesUrl, drivers);
  await seedDrivers(h.billingUrl, drivers);
});
afterAll(() => h?.close());

it('an orphaned invoice: its bill is made and left waiting, then once paid it is credited once, however often it runs', async () => {
  const id = await orphanInvoice('DRV-R1', 4200n, new Date(Date.now() + 3600_000));
  await periodic();
  expect(await invoice(id)).toMatchObject({ status: 'waiting' });
  expect((await qiwiState()).bills.find((b) => b.bill_id === id)?.status).toBe('waiting');

  await control('/bills/status', { prv_id: QIWI.prv_id, bill_id: id, status: 'paid' });
  await Promise.all([periodic(), periodic()]);
  await periodic();
  expect(await invoice(id)).toMatchObject({ status: 'paid' });
  const credited = await eventually(
    () => credits('DRV-R1'),
    (c) => c.length > 0,
  );
  await new Promise((r) => setTimeout(r, 1000));
  expect(credited.map((c) => c.amount_minor)).toEqual(['4200']);
  expect((await credits('DRV-R1')).map((c) => c.amount_minor)).toEqual(['4200']);
});

it('an orphaned invoice past its TTL: rejected at QIWI and expired, nothing credited', async () => {
  const id = await orphanInvoice('DRV-R2', 100n, new Date(Date.now() - 1000));
  await periodic();
  expect(await invoice(id)).toMatchObject({ status: 'expired' });
  expect((await qiwiState()).bills.find((b) => b.bill_id === id)?.status).toBe('rejected');
  expect(await credits('DRV-R2')).toEqual([]);
});

it('leaves an invoice whose workflow is running to that workflow', async () => {
  const id = await issueInvoice(h, parkId, 'DRV-R3', { walletId, amount: '3.00', phone: '+79031811737' });
  const asked = async () => (await qiwiState()).requests.filter((r) => r.bill_id === id && r.method === 'GET').length;
  const before = await asked();
  await periodic();
  expect(await asked()).toBe(before);
  expect(await invoice(id)).toMatchObject({ status: 'waiting' });
});

it('is a Temporal Schedule starting qiwiReconcile on the payments task queue', async () => {
  const queue = `qiwi-reconcile-test-${randomUUID()}`;
  await qiwiReconcileSchedule.ensure(h.sys.temporal, queue, 3600);
  await qiwiReconcileSchedule.ensure(h.sys.temporal, queue, 3600); // a second worker start leaves it as it is
  const handle = h.sys.temporal.schedule.getHandle(qiwiReconcileSchedule.scheduleId(queue));
  try {
    const schedule = await handle.describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'qiwiReconcile', taskQueue: queue });
  } finally {
    await handle.delete();
  }
});
