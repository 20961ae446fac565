import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import { paymentInput } from '../application/payment-workflows';
import { ensureTemporalCli } from '../scripts/temporal';
import { paymentWorkflowId } from '../domain/payment';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { expectLedger, ledgerOf } from './support/ledger';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';
import { paymentSweepSchedule } from '../workers/schedules';

const execFileAsync = promisify(execFile);

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
  await paymentSweepSchedule.ensure(h.sys.temporal, h.config.PAYMENTS_TASK_QUEUE, 60);
  await paymentSweepSchedule.ensure(h.sys.temporal, h.config.PAYMENTS_TASK_QUEUE, 60);
  const handle = h.sys.temporal.schedule.getHandle(paymentSweepSchedule.scheduleId(h.config.PAYMENTS_TASK_QUEUE));
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
  const { createPaymentDesk } = await import('../application/payment-desk');
  const { createCallbackHandler } = await import('../api-external/callback-handler');
  const { createExternalApp } = await import('../api-external/app');

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

describe('accepted payments no workflow drives', () => {
  const LOOPBACK = ['127.0.0.1/32', '::1/128'];
  afterEach(() => clearFaults(h.billingUrl));
  const runSweep = (name: string) =>
    h.sys.temporal.workflow.execute('paymentSweep', {
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
      workflowId: `sweep-${name}-${randomUUID()}`,
      args: [{ olderThanSeconds: 0, orphanedAfterSeconds: 0 }],
    });
  const runStatus = async (workflowId: string) =>
    (await h.sys.temporal.workflow.getHandle(workflowId).describe()).status.name;

  it('a payment whose workflow was terminated by hand while billing was down is run again and credited once', async () => {
    const parkId = newParkId();
    const { linkUrl, walletId } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: LOOPBACK });
    const driver = { park_id: parkId, id: 'DRV-ORPHAN', display_name: 'Orphan' };
    await seedDrivers(h.driverProfilesUrl, [driver]);
    await seedDrivers(h.billingUrl, [driver]);
    // The first credit is applied but its answer never arrives; then billing goes down.
    await setFaults(h.billingUrl, { delay_ms: 4000, times: 1, paths: ['/v1/credits'] });
    const res = await fetch(`${linkUrl}?command=pay&txn_id=880001&txn_date=20240325140600&account=DRV-ORPHAN&sum=6.66`);
    expect(await res.text()).toContain('<result>0</result>');
    const row = (await h.sys.transactions.byKey(parkId, walletId, '880001'))!;
    await eventually(
      () => standInState<{ requests: Record<string, number> }>(h.billingUrl),
      (s) => (s.requests[`fleet-payment:${parkId}:${row.id}`] ?? 0) >= 1,
    );
    await setFaults(h.billingUrl, { status: 503, paths: ['/v1/credits'] });

    await execFileAsync(await ensureTemporalCli(), [
      'workflow',
      'terminate',
      '--workflow-id',
      row.workflowId,
      '--reason',
      'payment-sweep test: an operator ends the run',
      '--address',
      h.config.TEMPORAL_ADDRESS,
      '--namespace',
      h.config.TEMPORAL_NAMESPACE,
    ]);
    expect(await runStatus(row.workflowId)).toBe('TERMINATED');
    // The lost run's credit lands after all: the driver has the money, the payment is still `accepted`.
    await eventually(
      () => ledgerOf(h, parkId, 'DRV-ORPHAN'),
      (l) => l.creditIds.length === 1,
      10_000,
    );
    expect(await h.sys.transactions.get(parkId, row.id)).toMatchObject({ state: 'accepted', workflowStarted: true });

    expect((await runSweep('terminated')).restarted).toBeGreaterThanOrEqual(1);
    expect(await runStatus(row.workflowId)).toBe('RUNNING');
    await clearFaults(h.billingUrl);
    const done = await eventually(
      () => h.sys.transactions.get(parkId, row.id),
      (t) => t?.state === 'processed',
    );
    expect(done!.state).toBe('processed');
    await expectLedger(h, parkId, 'DRV-ORPHAN', { credits: 1, records: 1, reversals: 0, balance: 666n });
  });

  it('a payment whose workflow Temporal no longer knows (retention) is run again and credited once', async () => {
    const parkId = newParkId();
    const walletId = randomUUID();
    await seedDrivers(h.billingUrl, [{ park_id: parkId, id: 'DRV-GONE', display_name: 'Gone' }]);
    const { transaction } = await h.sys.transactions.accept({
      parkId,
      walletId,
      psp: 'qiwi_qvp',
      pspTxnId: '880002',
      driverId: 'DRV-GONE',
      amountMinor: 101n,
      currency: 'RUB',
      pspPaidAt: null,
      workflowId: paymentWorkflowId(walletId, '880002'),
      hold: false,
      verifyWithPsp: false,
    });
    await h.sys.transactions.markWorkflowStarted(parkId, transaction.id);

    const swept = await runSweep('gone');
    expect(swept.restarted).toBeGreaterThanOrEqual(1);
    const done = await eventually(
      () => h.sys.transactions.get(parkId, transaction.id),
      (t) => t?.state === 'processed',
    );
    expect(done!.state).toBe('processed');
    await expectLedger(h, parkId, 'DRV-GONE', { credits: 1, records: 1, reversals: 0, balance: 101n });
  });

  it('a payment pointing at a completed run, or cancelled by the PSP, is counted for a person, not run again', async () => {
    const parkId = newParkId();
    const walletId = randomUUID();
    await seedDrivers(h.billingUrl, [{ park_id: parkId, id: 'DRV-MIXUP', display_name: 'Mix-up' }]);
    const accept = (pspTxnId: string, workflowId: string) =>
      h.sys.transactions.accept({
        parkId,
        walletId,
        psp: 'qiwi_qvp',
        pspTxnId,
        driverId: 'DRV-MIXUP',
        amountMinor: 202n,
        currency: 'RUB',
        pspPaidAt: null,
        workflowId,
        hold: false,
        verifyWithPsp: false,
      });
    // A first payment runs to completion; a second row names that run's id (the mix-up); a third was cancelled.
    const { transaction: first } = await accept('880003', paymentWorkflowId(walletId, '880003'));
    await h.sys.temporal.workflow.execute('payment', {
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
      workflowId: first.workflowId,
      args: [paymentInput(first)],
    });
    const { transaction: mixedUp } = await accept('880004', first.workflowId);
    const { transaction: cancelled } = await accept('880005', paymentWorkflowId(walletId, '880005'));
    await h.sys.transactions.markCancelled(parkId, cancelled.id);
    for (const t of [mixedUp, cancelled]) await h.sys.transactions.markWorkflowStarted(parkId, t.id);
    const completedRun = (await h.sys.temporal.workflow.getHandle(first.workflowId).describe()).runId;

    const swept = await runSweep('attention');
    expect(swept.needsAttention).toBeGreaterThanOrEqual(2);
    expect((await h.sys.temporal.workflow.getHandle(first.workflowId).describe()).runId).toBe(completedRun);
    await expect(
      h.sys.temporal.workflow.getHandle(paymentWorkflowId(walletId, '880005')).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    for (const t of [mixedUp, cancelled]) {
      expect(await h.sys.transactions.get(parkId, t.id)).toMatchObject({ state: 'accepted' });
    }
    // Both wait in the park's needs-attention list; the one the PSP cancelled may be settled, never re-driven.
    const listed = await h.api('GET', `/v1/parks/${parkId}/payments?attention=true`);
    expect(listed.body.items.map((i: { id: string; reason: string }) => [i.id, i.reason])).toEqual([
      [mixedUp.id.toString(), 'no workflow drives it (its run is COMPLETED)'],
      [cancelled.id.toString(), 'no workflow drives it (its run is NOT_FOUND)'],
    ]);
    const redrive = { parkId, transactionId: cancelled.id.toString() };
    expect((await h.api('POST', '/v1/ops/payment-redrives', redrive, { parkId, role: 'ops' })).status).toBe(409);
    await expectLedger(h, parkId, 'DRV-MIXUP', { credits: 1, records: 1, reversals: 0, balance: 202n });
  });
});
