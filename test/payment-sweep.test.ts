import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { paymentWorkflowId } from '../workflows/payment-types';
import { ensurePaymentSweepSchedule, paymentSweepScheduleId } from '../workers/payment-sweep-schedule';
import { eventually, newParkId, startHarness, type Harness } from './support/harness';
import { expectLedger } from './support/ledger';
import { seedDrivers } from './support/neighbours';

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
    parkId,
    walletId,
    psp: 'qiwi_qvp',
    pspTxnId: '424242',
    driverId: 'DRV-SWEEP',
    amountMinor: 777n,
    currency: 'RUB',
    pspPaidAt: null,
    workflowId: paymentWorkflowId(walletId, '424242'),
    hold: false,
    verifyWithPsp: false,
  });

  const sweep = (olderThanSeconds: number) =>
    h.sys.temporal.workflow.execute('paymentSweep', {
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
      workflowId: `sweep-${Date.now()}-${olderThanSeconds}`,
      args: [{ olderThanSeconds }],
    });
  // Too young to be called stalled. Other suites share the database and leave their own old rows behind, so the
  // assertion is on this payment, not on the sweep's count.
  await sweep(3600);
  expect(await h.sys.transactions.get(parkId, transaction.id)).toMatchObject({
    state: 'accepted',
    workflowStarted: false,
  });
  await expect(h.sys.temporal.workflow.getHandle(transaction.workflowId).describe()).rejects.toBeInstanceOf(
    WorkflowNotFoundError,
  );

  expect((await sweep(0)).resumed).toBeGreaterThanOrEqual(1);
  expect(await h.sys.transactions.get(parkId, transaction.id)).toMatchObject({ workflowStarted: true });
  await sweep(0); // a second sweep joins the same workflow

  const done = await eventually(
    () => h.sys.transactions.get(parkId, transaction.id),
    (t) => t?.state === 'processed',
  );
  expect(done!.state).toBe('processed');
  await expectLedger(h, parkId, 'DRV-SWEEP', { credits: 1, records: 1, reversals: 0, balance: 777n });
});

it('runs on a Temporal Schedule of the payments task queue, created once', async () => {
  await ensurePaymentSweepSchedule(h.sys.temporal, h.config.PAYMENTS_TASK_QUEUE, 60);
  await ensurePaymentSweepSchedule(h.sys.temporal, h.config.PAYMENTS_TASK_QUEUE, 60);
  const handle = h.sys.temporal.schedule.getHandle(paymentSweepScheduleId(h.config.PAYMENTS_TASK_QUEUE));
  try {
    const described = await handle.describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'paymentSweep',
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
    });
    expect(described.policies.overlap).toBe('SKIP');
  } finally {
    await handle.delete();
  }
});

it('Temporal unreachable at PAY time: the PSP is told to retry, and the sweep still credits the payment once', async () => {
  const { Client, Connection } = await import('@temporalio/client');
  const { createServer } = await import('node:http');
  const { createPaymentDesk } = await import('../api-external/payment-desk');
  const { createCallbackHandler } = await import('../api-external/callback-handler');
  const { createExternalApp } = await import('../api-external/app');
  const { walletWithLink } = await import('./support/harness');

  const deadTemporal = new Client({
    connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1 second' }),
  });
  const desk = createPaymentDesk({
    transactions: h.sys.transactions,
    temporal: deadTemporal,
    taskQueue: h.config.PAYMENTS_TASK_QUEUE,
  });
  const handle = createCallbackHandler({
    links: h.sys.links,
    wallets: h.sys.wallets,
    drivers: h.sys.drivers,
    desk,
    log: h.sys.log,
  });
  const server = createServer(createExternalApp({ handle, maxBodyBytes: 65536, trustedProxies: [] })).listen(
    0,
    '127.0.0.1',
  );
  await new Promise((r) => server.once('listening', r));
  try {
    const parkId = newParkId();
    const { linkUrl, walletId } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', {
      ipAllowList: ['127.0.0.1/32', '::1/128'],
    });
    const driver = { park_id: parkId, id: 'DRV-DOWN', display_name: 'Down' };
    await seedDrivers(h.driverProfilesUrl, [driver]);
    await seedDrivers(h.billingUrl, [driver]);
    const port = (server.address() as { port: number }).port;
    const url = linkUrl.replace(h.externalUrl, `http://127.0.0.1:${port}`);
    const started = Date.now();
    const res = await fetch(`${url}?command=pay&txn_id=990001&txn_date=20240325140600&account=DRV-DOWN&sum=3.33`);
    expect(res.status).toBe(200);
    // Well inside the shortest PSP deadline (EasyPay AM: 8 s).
    expect(Date.now() - started).toBeLessThan(7000);
    expect(await res.text()).toContain('<result>1</result>'); // OSMP: temporary, QIWI retries

    const row = await h.sys.transactions.byKey(parkId, walletId, '990001');
    expect(row).toMatchObject({ state: 'accepted', workflowStarted: false });
    await h.sys.temporal.workflow.execute('paymentSweep', {
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
      workflowId: `sweep-down-${Date.now()}`,
      args: [{ olderThanSeconds: 0 }],
    });
    const done = await eventually(
      () => h.sys.transactions.get(parkId, row!.id),
      (t) => t?.state === 'processed',
    );
    expect(done!.amountMinor).toBe(333n);
    await expectLedger(h, parkId, 'DRV-DOWN', { credits: 1, records: 1, reversals: 0, balance: 333n });
  } finally {
    server.close();
    await deadTemporal.connection.close();
  }
});
