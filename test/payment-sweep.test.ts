import { randomUUID } from 'node:crypto';
import { paymentWorkflowId } from '../workflows/payment-types';
import { ensurePaymentSweepSchedule, paymentSweepScheduleId } from '../workers/payment-sweep-schedule';
import { eventually, newParkId, startHarness, type Harness } from './support/harness';
import { seedDrivers, standInState } from './support/neighbours';

// A PAY accepted while Temporal could not start its workflow is not lost: the sweep hands it to a workflow.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

it('resumes an accepted payment that has no workflow, and credits it exactly once', async () => {
  const parkId = newParkId();
  const walletId = randomUUID(); // workflow ids derive from it: unique per run on the shared Temporal server
  await seedDrivers(h.billingUrl, [{ park_id: parkId, id: 'DRV-SWEEP', display_name: 'Sweep' }]);
  // What the gateway leaves behind when the workflow start failed: the row, and no workflow.
  const { transaction } = await h.sys.transactions.accept({
    parkId, walletId, psp: 'qiwi_qvp', pspTxnId: '424242', driverId: 'DRV-SWEEP', amountMinor: 777n, currency: 'RUB',
    pspPaidAt: null, workflowId: paymentWorkflowId(walletId, '424242'), hold: false, verifyWithPsp: false,
  });

  const sweep = (olderThanSeconds: number) =>
    h.sys.temporal.workflow.execute('paymentSweep', { taskQueue: h.config.PAYMENTS_TASK_QUEUE, workflowId: `sweep-${Date.now()}-${olderThanSeconds}`, args: [{ olderThanSeconds }] });
  expect(await sweep(3600)).toEqual({ resumed: 0 }); // too young to be called stalled
  expect((await sweep(0)).resumed).toBeGreaterThanOrEqual(1);
  await sweep(0); // a second sweep joins the same workflow

  const done = await eventually(() => h.sys.transactions.get(parkId, transaction.id), (t) => t?.state === 'processed');
  expect(done!.state).toBe('processed');
  const key = `fleet-payment:${parkId}:${transaction.id}`;
  const credits = (await standInState<{ credits: Array<{ idempotency_key: string; amount_minor: string }> }>(h.billingUrl)).credits;
  expect(credits.filter((c) => c.idempotency_key === key).map((c) => c.amount_minor)).toEqual(['777']);
});

it('runs on a Temporal Schedule of the payments task queue, created once', async () => {
  await ensurePaymentSweepSchedule(h.sys.temporal, h.config.PAYMENTS_TASK_QUEUE, 60);
  await ensurePaymentSweepSchedule(h.sys.temporal, h.config.PAYMENTS_TASK_QUEUE, 60);
  const handle = h.sys.temporal.schedule.getHandle(paymentSweepScheduleId(h.config.PAYMENTS_TASK_QUEUE));
  try {
    const described = await handle.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'paymentSweep', taskQueue: h.config.PAYMENTS_TASK_QUEUE });
    expect(described.policies.overlap).toBe('SKIP');
  } finally {
    await handle.delete();
  }
});
