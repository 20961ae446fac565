import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createPaymentActivities } from '../activities/payment';
import { createPaymentSweepActivities } from '../activities/payment-sweep';
import { createPaymentAttention } from '../application/payment-attention';
import { createPaymentDesk } from '../application/payment-desk';
import { createPaymentWorkflows } from '../application/payment-workflows';
import { paymentWorkflowId } from '../domain/payment';
import type { PayCommand, WalletContext } from '../psp/types';
import { legacyKey } from '../storage/legacy-wallets';
import { ensureDatabase, resetDatabase } from '../storage/migrations';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { heldActivities } from '../test/support/held-activities';
import { historyToJson } from '../test/support/history-json';
import { issueInvoice } from '../test/support/invoices';
import { seedDrivers } from '../testkit/neighbours';
import { payPaystackCheckout, seedQiwiAccount, setQiwiBillStatus } from '../testkit/psp-stand-ins';
import { workflowBundle } from '../testkit/workflow-bundle';

/**
 * Records one history of each workflow kind into test/histories/, run on the Temporal dev server with the test
 * harness, for the replay test. Re-record (`npm run histories:record`) only when a workflow change is meant to break
 * replay, i.e. no execution of the old code can still be running anywhere. The legacy-signal-*.json histories come
 * from the code before cancel and confirm were Updates; this script cannot make them and leaves them alone: keep them
 * while a payment from before that change may still run or be queried. Likewise legacy-regular-steps-*.json: payments
 * that recorded the top-up and their final state with regular activities only, before their local first try.
 */
const OUT = join(__dirname, '..', 'test', 'histories');
const key = (kid: string) => `${kid}:${randomBytes(32).toString('base64url')}`;
const [oldKey, newKey] = [key('histories-old'), key('histories-new')];

Object.assign(process.env, {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/fleet_test_histories',
  TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  INTERNAL_JWT_SECRET: 'histories-only-internal-jwt-secret-0123456789',
  WALLET_DUAL_WRITE: 'false',
  WALLET_READ_STORE: 'postgres',
});
delete process.env.REDIS_URL;

async function save(name: string, handle: WorkflowHandle) {
  const history = await handle.fetchHistory();
  writeFileSync(join(OUT, `${name}.json`), `${JSON.stringify(historyToJson(history), null, 2)}\n`);
  console.log(`recorded ${name} (${history.events?.length} events)`);
}

async function payments(h: Harness) {
  const deps = { transactions: h.sys.transactions, temporal: h.sys.temporal, taskQueue: h.config.PAYMENTS_TASK_QUEUE };
  const desk = createPaymentDesk(deps);
  const workflows = createPaymentWorkflows(deps.temporal, deps.taskQueue, deps.transactions);
  const real = createPaymentActivities({
    billing: h.sys.billing,
    fleetTransactions: h.sys.fleetTransactions,
    transactions: h.sys.transactions,
  });
  const held = heldActivities(real);
  const connection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: h.config.PAYMENTS_TASK_QUEUE,
    activities: {
      ...held.activities,
      ...createPaymentSweepActivities({ transactions: h.sys.transactions, workflows }),
    },
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  try {
    const wallet: WalletContext = {
      id: randomUUID(),
      parkId: newParkId(),
      psp: 'easypay',
      currency: 'RUB',
      settings: {},
      credentials: {},
    };
    const driver = { park_id: wallet.parkId, id: 'DRV-HISTORY', display_name: 'History' };
    await seedDrivers(h.billingUrl, [driver]);
    const handleOf = (cmd: PayCommand) => h.sys.temporal.workflow.getHandle(`payment:${wallet.id}:${cmd.pspTxnId}`);
    const pay = async (name: string, extra: Partial<PayCommand> = {}) => {
      const cmd: PayCommand = { kind: 'pay', pspTxnId: name, account: driver.id, amountMinor: 1045n, ...extra };
      await desk.accept(wallet, cmd);
      return { cmd, ref: { pspTxnId: cmd.pspTxnId }, handle: handleOf(cmd) };
    };

    const plain = await pay('payment');
    await plain.handle.result();
    await save('payment', plain.handle);

    const confirmed = await pay('payment-held-confirmed', { hold: true });
    await desk.confirm(wallet, confirmed.ref);
    await confirmed.handle.result();
    await save('payment-held-confirmed', confirmed.handle);

    const dropped = await pay('payment-held-cancelled', { hold: true });
    await desk.cancel(wallet, dropped.ref);
    await dropped.handle.result();
    await save('payment-held-cancelled', dropped.handle);

    const stop = held.hold('finish-processed', 'payment-cancelled-while-finishing');
    const finishing = await pay('payment-cancelled-while-finishing');
    await stop.entered;
    await desk.cancel(wallet, finishing.ref);
    stop.release();
    await finishing.handle.result();
    await save('payment-cancelled-while-finishing', finishing.handle);

    const reversed = await pay('payment-reversed-after-finish');
    await reversed.handle.result();
    await desk.cancel(wallet, reversed.ref);
    const reversal = h.sys.temporal.workflow.getHandle(`reversal:${wallet.id}:${reversed.cmd.pspTxnId}`);
    await reversal.result();
    await save('payment-reversal', reversal);

    const sweep = await h.sys.temporal.workflow.start('paymentSweep', {
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
      workflowId: `payment-sweep-history-${randomUUID()}`,
      args: [{ olderThanSeconds: 0, limit: 10 }],
    });
    await sweep.result();
    await save('payment-sweep', sweep);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

/** Wallets sealed under an old key, re-sealed in batches of one, two per run: a history with continue-as-new. */
async function credentialRotation() {
  const before = await startHarness({ worker: false, env: { CREDENTIALS_KEYS: oldKey } });
  const parkId = newParkId();
  try {
    for (const name of ['a', 'b', 'c']) {
      const credentials = { apiKey: `histories-${randomUUID()}` };
      const res = await before.api('POST', `/v1/parks/${parkId}/wallets`, {
        psp: 'qiwi_qvp',
        name,
        currency: 'RUB',
        credentials,
      });
      if (res.status !== 201) throw new Error(`wallet create → ${res.status}`);
    }
  } finally {
    await before.close();
  }
  const after = await startHarness({
    worker: false,
    maintenance: true,
    env: { CREDENTIALS_KEYS: `${oldKey},${newKey}` },
  });
  try {
    const targetKeyId = 'histories-new';
    const started = await after.sys.temporal.workflow.start('credentialRotation', {
      taskQueue: after.config.MAINTENANCE_TASK_QUEUE,
      workflowId: `credential-rotation-history-${randomUUID()}`,
      args: [{ targetKeyId, batchSize: 1, batchesPerRun: 2 }],
    });
    await started.result();
    await save(
      'credential-rotation-continued',
      after.sys.temporal.workflow.getHandle(started.workflowId, started.firstExecutionRunId),
    );
    await save('credential-rotation-last-run', after.sys.temporal.workflow.getHandle(started.workflowId));
  } finally {
    await after.close();
  }
}

/** A QIWI wallet whose credentials expire in five days: the daily run sends its 7-day reminder (into Mailpit). */
async function credentialReminders() {
  const h = await startHarness({ worker: false, maintenance: true, env: { CREDENTIALS_KEYS: newKey } });
  try {
    const parkId = newParkId();
    const settings = await h.api('PUT', `/v1/parks/${parkId}/notification-settings`, {
      emails: ['histories@park.example'],
    });
    if (settings.status !== 200) throw new Error(`notification settings → ${settings.status}`);
    const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi',
      name: 'QIWI histories',
      currency: 'RUB',
      credentials: { password: `histories-${randomUUID()}` },
      credentialsExpireAt: new Date(Date.now() + 5 * 24 * 3600_000).toISOString(),
    });
    if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status}`);
    const run = await h.sys.temporal.workflow.start('credentialReminders', {
      taskQueue: h.config.MAINTENANCE_TASK_QUEUE,
      workflowId: `credential-reminders-history-${randomUUID()}`,
      args: [{}],
    });
    await run.result();
    await save('credential-reminders', run);
    const { executions } = await h.sys.temporal.workflowService.listWorkflowExecutions({
      namespace: h.config.TEMPORAL_NAMESPACE,
      query: `WorkflowType = 'credentialReminder' AND WorkflowId STARTS_WITH 'credential-reminder:${wallet.body.id}'`,
    });
    const child = executions[0]?.execution?.workflowId;
    if (!child) throw new Error('the run started no reminder');
    const reminder = h.sys.temporal.workflow.getHandle(child);
    await reminder.result();
    await save('credential-reminder', reminder);
  } finally {
    await h.close();
  }
}

/** A QIWI invoice paid at QIWI and found by a status poll, then the QIWI periodic over what is left. */
async function invoices() {
  const h = await startHarness({
    env: { CREDENTIALS_KEYS: newKey, INVOICE_POLL_INITIAL_MS: '300', INVOICE_POLL_MAX_MS: '1000' },
  });
  try {
    const parkId = newParkId();
    const qiwi = { prv_id: '24274', api_id: 'api-24274', api_password: randomBytes(8).toString('hex') };
    await seedQiwiAccount(h.config.QIWI_API_URL, qiwi);
    const driver = { park_id: parkId, id: 'DRV-HISTORY', display_name: 'History' };
    await seedDrivers(h.driverProfilesUrl, [driver]);
    await seedDrivers(h.billingUrl, [driver]);
    const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi',
      name: 'QIWI histories',
      currency: 'RUB',
      settings: { prvId: qiwi.prv_id },
      credentials: { apiId: qiwi.api_id, apiPassword: qiwi.api_password },
    });
    if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status}`);
    const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/drivers/${driver.id}/invoices`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await h.token({ parkId })}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ walletId: wallet.body.id, amount: '10.45', phone: '+79031811737' }),
    });
    const invoice = (await res.json()) as { id: string };
    if (res.status !== 201) throw new Error(`invoice issue → ${res.status}`);
    await setQiwiBillStatus(h.config.QIWI_API_URL, { prv_id: qiwi.prv_id, bill_id: invoice.id, status: 'paid' });
    const row = await h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id: invoice.id } } });
    const handle = h.sys.temporal.workflow.getHandle(row.workflowId);
    await handle.result();
    await save('invoice-paid-by-poll', handle);

    const periodic = await h.sys.temporal.workflow.start('qiwiReconcile', {
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
      workflowId: `qiwi-reconcile-history-${randomUUID()}`,
      args: [{ olderThanSeconds: 0 }],
    });
    await periodic.result();
    await save('qiwi-reconcile', periodic);
    await heldInvoices(h, parkId);
  } finally {
    await h.close();
  }
}

/** Two Paystack checkouts paid with another amount, held: ops re-drive one and settle the other. */
async function heldInvoices(h: Harness, parkId: string) {
  const secretKey = `sk_test_${randomBytes(16).toString('hex')}`;
  const driver = { park_id: parkId, id: 'DRV-HISTORY-NGN', display_name: 'History', currency: 'NGN' };
  await seedDrivers(h.driverProfilesUrl, [driver]);
  await seedDrivers(h.billingUrl, [driver]);
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'paystack',
    name: 'Paystack histories',
    currency: 'NGN',
    credentials: { secretKey },
  });
  if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status} ${JSON.stringify(wallet.body)}`);
  const ops = { role: 'ops' as const, parkId: 'ops-console' };
  const heldInvoice = async () => {
    const id = await issueInvoice(h, parkId, driver.id, { walletId: wallet.body.id, amount: '10.00' });
    await payPaystackCheckout(h.config.PAYSTACK_API_URL, { reference: id, amount: 900 });
    await eventually(
      () => h.sys.invoices.get(parkId, id),
      (i) => i?.status === 'held',
      30_000,
    );
    return id;
  };

  const redriven = await heldInvoice();
  const redrive = await h.api(
    'POST',
    '/v1/ops/invoice-redrives',
    { parkId, invoiceId: redriven, amountMinor: '900', currency: 'NGN' },
    ops,
  );
  if (redrive.status !== 200) throw new Error(`invoice re-drive → ${redrive.status} ${JSON.stringify(redrive.body)}`);
  await save('invoice-redrive', h.sys.temporal.workflow.getHandle(redrive.body.workflowId));

  const settled = await heldInvoice();
  const settle = await h.api(
    'POST',
    '/v1/ops/invoice-settlements',
    { parkId, invoiceId: settled, note: 'refunded by the park' },
    ops,
  );
  if (settle.status !== 200) throw new Error(`invoice settle → ${settle.status} ${JSON.stringify(settle.body)}`);
  await save('invoice-settlement', h.sys.temporal.workflow.getHandle(settle.body.workflowId));
}

/** Two legacy parks backfilled, verified, and one wallet's mirror repaired. */
async function walletMigration() {
  const h = await startHarness({
    worker: false,
    maintenance: true,
    env: { CREDENTIALS_KEYS: newKey, REDIS_URL: 'redis://127.0.0.1:6379/13', WALLET_DUAL_WRITE: 'true' },
  });
  const prefix = `histories-${randomUUID().slice(0, 8)}-`;
  const at = new Date(Date.UTC(2024, 0, 1)).toISOString();
  try {
    for (const n of [1, 2]) {
      const wallet = {
        id: randomUUID(),
        parkId: `${prefix}${n}`,
        psp: 'qiwi_qvp',
        name: `Legacy ${n}`,
        currency: 'RUB',
        settings: {},
        enabled: true,
        createdAt: at,
        updatedAt: at,
        sealedCredentials: null,
      };
      await h.sys.redis!.hset(legacyKey(wallet.parkId), wallet.id, JSON.stringify(wallet));
    }
    const backfill = await h.sys.temporal.workflow.start('walletBackfill', {
      taskQueue: h.config.MAINTENANCE_TASK_QUEUE,
      workflowId: `wallet-backfill-history-${randomUUID()}`,
      args: [{ parkPrefix: prefix, parksPerBatch: 1, batchesPerRun: 1, scanCount: 10 }],
    });
    await backfill.result();
    await save('wallet-backfill', backfill);
    const verify = await h.sys.temporal.workflow.start('walletVerify', {
      taskQueue: h.config.MAINTENANCE_TASK_QUEUE,
      workflowId: `wallet-verify-history-${randomUUID()}`,
      args: [{ parkPrefix: prefix }],
    });
    await verify.result();
    await save('wallet-verify', verify);
    const created = await h.api('POST', `/v1/parks/${prefix}3/wallets`, {
      psp: 'qiwi_qvp',
      name: 'New',
      currency: 'RUB',
    });
    if (created.status !== 201) throw new Error(`wallet create → ${created.status}`);
    const repair = await h.sys.temporal.workflow.start('walletMirrorRepair', {
      taskQueue: h.config.MAINTENANCE_TASK_QUEUE,
      workflowId: `wallet-mirror-repair-history-${randomUUID()}`,
      args: [{ parkId: `${prefix}3`, walletId: created.body.id }],
    });
    await repair.result();
    await save('wallet-mirror-repair', repair);
  } finally {
    await h.sys.db.wallet.deleteMany({ where: { parkId: { startsWith: prefix } } });
    await h.sys.redis!.flushdb();
    await h.close();
  }
}

/** Two payments billing refused (the driver blocked after PAY): one re-driven once unblocked, one settled. */
async function paymentAttention() {
  const h = await startHarness({ maintenance: false, env: { CREDENTIALS_KEYS: newKey } });
  try {
    const deps = {
      transactions: h.sys.transactions,
      temporal: h.sys.temporal,
      taskQueue: h.config.PAYMENTS_TASK_QUEUE,
    };
    const desk = createPaymentDesk(deps);
    const attention = createPaymentAttention({ ...deps, attention: h.sys.attention });
    const wallet: WalletContext = {
      id: randomUUID(),
      parkId: newParkId(),
      psp: 'qiwi_qvp',
      currency: 'RUB',
      settings: {},
      credentials: {},
    };
    const driver = { park_id: wallet.parkId, id: 'DRV-ATTENTION', display_name: 'Attention', currency: 'RUB' };
    await seedDrivers(h.billingUrl, [{ ...driver, blocked: true }]);
    const refused = async (pspTxnId: string) => {
      const outcome = await desk.accept(wallet, { kind: 'pay', pspTxnId, account: driver.id, amountMinor: 1045n });
      if (outcome.kind !== 'pay_accepted') throw new Error(`PAY → ${outcome.kind}`);
      await h.sys.temporal.workflow.getHandle(paymentWorkflowId(wallet.id, pspTxnId)).result();
      return BigInt(outcome.payment.prvTxn);
    };
    const [toRedrive, toSettle] = [await refused('attention-redrive'), await refused('attention-settle')];
    await seedDrivers(h.billingUrl, [{ ...driver, blocked: false }]);
    const redriven = await attention.redrive(wallet.parkId, toRedrive);
    if (redriven.outcome !== 'started') throw new Error(`re-drive → ${redriven.outcome}`);
    const redrive = h.sys.temporal.workflow.getHandle(redriven.workflowId);
    await redrive.result();
    await save('payment-redrive', redrive);
    const settled = await attention.settle(wallet.parkId, toSettle, 'histories: refunded outside the system');
    if (settled.outcome !== 'settled') throw new Error(`settle → ${settled.outcome}`);
    await save('payment-settlement', h.sys.temporal.workflow.getHandle(settled.workflowId));
  } finally {
    await h.close();
  }
}

async function main() {
  const url = process.env.DATABASE_URL!;
  if (!/test/.test(new URL(url).pathname))
    throw new Error('the recording database is reset: its name must contain "test"');
  await ensureDatabase(url);
  await resetDatabase(url);
  mkdirSync(OUT, { recursive: true });
  const groups: Record<string, () => Promise<void>> = {
    async payments() {
      const h = await startHarness({ worker: false, env: { CREDENTIALS_KEYS: newKey } });
      try {
        await payments(h);
      } finally {
        await h.close();
      }
    },
    credentialRotation,
    credentialReminders,
    invoices,
    walletMigration,
    attention: paymentAttention,
  };
  // `npm run histories:record -- invoices` records one group, so the others keep the histories they have.
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !(name in groups));
  if (unknown.length > 0)
    throw new Error(`unknown groups ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}`);
  for (const [name, record] of Object.entries(groups)) if (only.length === 0 || only.includes(name)) await record();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
