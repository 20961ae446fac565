import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { WorkflowFailedError } from '@temporalio/client';
import type { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import {
  createCredentialReminderActivities,
  MAIL_REFUSED,
  type DueReminder,
  type ReminderOutcome,
} from '../activities/credential-reminders';
import { createMailer, type Mailer } from '../clients/mailer';
import { ensureTemporalCli } from '../scripts/temporal';
import { createMaintenanceWorker } from '../workers/maintenance';
import { credentialReminderWorkflowId } from '../workflows/credential-reminders';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { mailTo } from './support/mailpit';
import { startOwnMailpit } from './support/own-mailpit';
import { workflowBundle } from '../testkit/workflow-bundle';
import { credentialReminderSchedule } from '../workers/schedules';

// Issue 8 items 3, 4 and 7: a year of QIWI credentials, lived through an injected clock; real Temporal, Postgres,
// SMTP (Mailpit) and its API. The reminders must reach the park once per threshold, whatever runs twice.
const DAY = 24 * 60 * 60 * 1000;
let h: Harness;
let clock = new Date();
const workers: Array<{ worker: Worker; running: Promise<void>; connection: NativeConnection }> = [];

const reminderDeps = (mailer: Mailer) => ({
  db: h.sys.db,
  wallets: h.sys.wallets,
  cipher: h.sys.cipher,
  notificationSettings: h.sys.notificationSettings,
  mailer,
  credentialChecks: h.sys.credentialChecks,
  now: () => clock,
  sendTimeoutMs: 20_000,
  consoleUrl: h.config.DISPATCHER_CONSOLE_URL,
  walletMigration: h.sys.walletMigration,
});

async function startWorker(taskQueue: string, mailer: Mailer) {
  const connection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS });
  const worker = await createMaintenanceWorker({
    connection,
    namespace: h.config.TEMPORAL_NAMESPACE,
    taskQueue,
    deps: reminderDeps(mailer),
    workflowBundle: await workflowBundle(),
  });
  workers.push({ worker, connection, running: worker.run() });
}

beforeAll(async () => {
  h = await startHarness({ worker: false });
  await startWorker(h.config.MAINTENANCE_TASK_QUEUE, h.sys.mailer);
});
afterAll(async () => {
  for (const { worker, running, connection } of workers) {
    worker.shutdown();
    await running;
    await connection.close();
  }
  await h?.close();
});

/** A park with two notice addresses and a QIWI wallet whose credentials were saved just now (real clock). */
async function qiwiWalletOfPark() {
  const tag = randomUUID().slice(0, 8);
  const parkId = newParkId();
  const emails = [`dispatch-${tag}@park.example`, `owner-${tag}@park.example`];
  const secret = `qiwi-token-${randomUUID()}`;
  expect((await h.api('PUT', `/v1/parks/${parkId}/notification-settings`, { emails })).status).toBe(200);
  const name = `QIWI main ${tag}`;
  const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi',
    name,
    currency: 'RUB',
    credentials: { password: secret },
  });
  expect(created.status).toBe(201);
  const expiresAt = new Date(created.body.credentialsExpireAt);
  const reminder = (threshold: DueReminder['threshold']): DueReminder => ({
    walletId: created.body.id,
    parkId,
    threshold,
    expiresAt: expiresAt.toISOString(),
  });
  return { parkId, walletId: created.body.id as string, name, emails, secret, expiresAt, reminder };
}

const runReminders = (taskQueue = h.config.MAINTENANCE_TASK_QUEUE) =>
  h.sys.temporal.workflow.execute('credentialReminders', {
    taskQueue,
    workflowId: `credential-reminders-test-${randomUUID()}`,
    args: [{}],
  });
const reminderHandle = (r: DueReminder) => h.sys.temporal.workflow.getHandle(credentialReminderWorkflowId(r));

it('a year on, the park gets one e-mail per threshold, naming park, wallet, PSP, date and renewal, never the secret', async () => {
  const w = await qiwiWalletOfPark();
  expect(w.expiresAt.getTime()).toBeGreaterThan(Date.now() + 364 * DAY);
  await runReminders();
  expect(await mailTo(w.emails[0]!)).toEqual([]);

  const steps: Array<[DueReminder['threshold'], number]> = [
    ['30d', 29.5],
    ['7d', 6.5],
    ['1d', 0.5],
    ['expired', -0.5],
  ];
  for (const [threshold, daysLeft] of steps) {
    clock = new Date(w.expiresAt.getTime() - daysLeft * DAY);
    await runReminders();
    expect(await reminderHandle(w.reminder(threshold)).result()).toBe('sent');
    await runReminders(); // the next day's run, or a re-run: nothing new
  }
  clock = new Date(w.expiresAt.getTime() + 40 * DAY);
  await runReminders();

  const mails = await mailTo(w.emails[0]!);
  const date = w.expiresAt.toISOString().slice(0, 10);
  expect(mails.map((m) => m.subject)).toEqual([
    `QIWI credentials of wallet "${w.name}" expire within 30 days (${date})`,
    `QIWI credentials of wallet "${w.name}" expire within 7 days (${date})`,
    `QIWI credentials of wallet "${w.name}" expire within a day (${date})`,
    `QIWI credentials of wallet "${w.name}" have expired (${date})`,
  ]);
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
  for (const mail of mails) {
    expect(mail.to.sort()).toEqual([...w.emails].sort());
    expect(mail.text).toContain(`Park: ${w.parkId}`);
    expect(mail.text).toContain(`Wallet: ${w.name} (${w.walletId})`);
    expect(mail.text).toContain('Payment system: QIWI (qiwi)');
    expect(mail.text).toContain(w.expiresAt.toISOString());
    expect(mail.text).toContain('To renew:');
    expect(mail.text.split(/\r?\n/).map((l) => l.trim())).toContain(
      `${h.config.DISPATCHER_CONSOLE_URL}/parks/${w.parkId}/wallets/${w.walletId}`,
    );
    expect(mail.text).not.toContain(w.secret);
  }
  expect(await mailTo(w.emails[1]!)).toHaveLength(4);

  // Nothing secret in workflow history either: the activities load what the e-mail says by id.
  const history = JSON.stringify(await reminderHandle(w.reminder('30d')).fetchHistory(), (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
  );
  expect(history).toContain(w.walletId);
  expect(history).not.toContain(w.secret);
  expect(history).not.toContain(w.emails[0]);
});

it('overlapping runs and repeated or concurrent sends of one reminder e-mail it once', async () => {
  const w = await qiwiWalletOfPark();
  clock = new Date(w.expiresAt.getTime() - 20 * DAY);
  await Promise.all([runReminders(), runReminders(), runReminders()]);
  expect(await reminderHandle(w.reminder('30d')).result()).toBe('sent');

  // Below Temporal's own duplicate check: attempts racing, and a retry after an attempt whose completion was lost.
  clock = new Date(w.expiresAt.getTime() - 5 * DAY);
  const { sendCredentialReminder } = createCredentialReminderActivities(reminderDeps(h.sys.mailer));
  const raced = await Promise.all([1, 2, 3].map(() => sendCredentialReminder(w.reminder('7d'))));
  expect(raced.sort()).toEqual<ReminderOutcome[]>(['already_sent', 'already_sent', 'sent']);
  expect(await sendCredentialReminder(w.reminder('7d'))).toBe('already_sent');
  await runReminders();

  const mails = await mailTo(w.emails[0]!);
  expect(mails.map((m) => m.subject.replace(/ \(.*$/, ''))).toEqual([
    `QIWI credentials of wallet "${w.name}" expire within 30 days`,
    `QIWI credentials of wallet "${w.name}" expire within 7 days`,
  ]);
  const rows = await h.sys.db.credentialReminder.findMany({ where: { walletId: w.walletId } });
  expect(rows.map((r) => [r.threshold, r.sentAt !== null]).sort()).toEqual([
    ['30d', true],
    ['7d', true],
  ]);
});

it('credentials saved anew before a reminder goes out: that reminder is dropped, the new date is reminded', async () => {
  const w = await qiwiWalletOfPark();
  clock = new Date(w.expiresAt.getTime() - 10 * DAY);
  const acts = createCredentialReminderActivities(reminderDeps(h.sys.mailer));
  const due = await acts.findDueCredentialReminders({ afterId: null, limit: 10_000 });
  expect(due.reminders).toContainEqual(w.reminder('30d'));

  const renewed = await h.api('PATCH', `/v1/parks/${w.parkId}/wallets/${w.walletId}`, {
    credentials: { password: 'renewed' },
    credentialsExpireAt: new Date(clock.getTime() + 2 * DAY).toISOString(),
  });
  expect(await acts.sendCredentialReminder(w.reminder('30d'))).toBe('outdated');
  expect(await mailTo(w.emails[0]!)).toEqual([]);

  await runReminders();
  const next: DueReminder = { ...w.reminder('7d'), expiresAt: renewed.body.credentialsExpireAt };
  expect(await reminderHandle(next).result()).toBe('sent');
  expect((await mailTo(w.emails[0]!)).map((m) => m.subject)).toEqual([
    expect.stringContaining(`expire within 7 days (${renewed.body.credentialsExpireAt.slice(0, 10)})`),
  ]);
});

it('an SMTP outage is retried until the server takes the reminder, which then arrives once', async () => {
  // The SMTP server as the worker sees it: a port that refuses connections until the outage ends.
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const taskQueue = `reminders-outage-${randomUUID()}`;
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: h.config.MAIL_FROM, timeoutMs: 2000 });
  await startWorker(taskQueue, mailer);

  const w = await qiwiWalletOfPark();
  clock = new Date(w.expiresAt.getTime() - 3 * DAY);
  await runReminders(taskQueue);
  const child = reminderHandle(w.reminder('7d'));
  await eventually(
    async () => (await child.describe()).raw.pendingActivities?.[0]?.attempt ?? 0,
    (attempt) => attempt >= 2,
    30_000,
  );
  expect(await mailTo(w.emails[0]!)).toEqual([]);
  expect(await h.sys.db.credentialReminder.count({ where: { walletId: w.walletId, sentAt: { not: null } } })).toBe(0);

  let relay: Server | undefined;
  try {
    relay = createServer((socket) => {
      const upstream = connect(1025, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    }).listen(port, '127.0.0.1');
    expect(await child.result()).toBe('sent');
  } finally {
    relay?.close();
    mailer.close();
  }
  expect(await mailTo(w.emails[0]!)).toHaveLength(1);
});

it('credentials QIWI refuses read invalid on create and after the daily check, and the park is told once', async () => {
  const tag = randomUUID().slice(0, 8);
  const prvId = String(Date.now());
  const apiId = `api-${tag}`;
  const [good, changedAtQiwi] = [`pw-${randomUUID()}`, `pw-${randomUUID()}`];
  const qiwiAccount = (apiPassword: string) =>
    fetch(`${h.env.QIWI_API_URL}/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prv_id: prvId, api_id: apiId, api_password: apiPassword }),
    });
  expect((await qiwiAccount(good)).status).toBe(204);
  const w = await qiwiWalletOfPark();
  const path = `/v1/parks/${w.parkId}/wallets/${w.walletId}`;
  const save = (apiPassword: string) =>
    h.api('PATCH', path, { settings: { prvId }, credentials: { password: w.secret, apiId, apiPassword } });

  // A new wallet has no old credentials to keep: refused ones are saved and read invalid.
  const refusedNew = await h.api('POST', `/v1/parks/${w.parkId}/wallets`, {
    psp: 'qiwi',
    name: `refused ${tag}`,
    currency: 'RUB',
    settings: { prvId },
    credentials: { password: w.secret, apiId, apiPassword: changedAtQiwi },
  });
  expect(refusedNew.body.credentialsStatus).toBe('invalid');
  await h.api('DELETE', `/v1/parks/${w.parkId}/wallets/${refusedNew.body.id}`);
  // Replacing credentials: refused ones never replace the old (credential-reissue.test.ts).
  expect(await save(changedAtQiwi)).toMatchObject({ status: 409, body: { error: 'credentials_refused' } });
  expect((await save(good)).body.credentialsStatus).toBe('ok');

  // The merchant changes the API password at QIWI and not here: the next daily run finds out.
  await qiwiAccount(changedAtQiwi);
  clock = new Date();
  await runReminders();
  expect((await h.api('GET', path)).body.credentialsStatus).toBe('invalid');
  const { credentialsInvalidAt } = await h.sys.db.wallet.findUniqueOrThrow({ where: { id: w.walletId } });
  const refused: DueReminder = { ...w.reminder('invalid'), expiresAt: credentialsInvalidAt!.toISOString() };
  expect(await reminderHandle(refused).result()).toBe('sent');
  await runReminders();

  const mails = await mailTo(w.emails[0]!);
  expect(mails.map((m) => m.subject)).toEqual([
    expect.stringMatching(new RegExp(`^QIWI credentials of wallet "${w.name}" were refused by the payment system`)),
  ]);
  for (const secret of [w.secret, good, changedAtQiwi]) expect(mails[0]!.text).not.toContain(secret);

  await qiwiAccount(good);
  await runReminders();
  expect((await h.api('GET', path)).body.credentialsStatus).toBe('ok');
});

it('runs on a Temporal Schedule of the maintenance queue, created once, listed by `temporal schedule list`', async () => {
  const queue = h.config.MAINTENANCE_TASK_QUEUE;
  await credentialReminderSchedule.ensure(h.sys.temporal, queue, 86_400);
  await credentialReminderSchedule.ensure(h.sys.temporal, queue, 86_400);
  const handle = h.sys.temporal.schedule.getHandle(credentialReminderSchedule.scheduleId(queue));
  try {
    const described = await handle.describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'credentialReminders',
      taskQueue: queue,
    });
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.spec.intervals).toMatchObject([{ every: 86_400_000 }]);
    const cli = await ensureTemporalCli();
    await eventually(
      async () =>
        spawnSync(cli, ['schedule', 'list', '--address', h.config.TEMPORAL_ADDRESS], { encoding: 'utf8' }).stdout,
      (out) => out.includes(credentialReminderSchedule.scheduleId(queue)),
      20_000,
      500,
    );
  } finally {
    await handle.delete();
  }
});

it('a reminder the SMTP server refuses for good (550 to every RCPT) is tried once, recorded failed, never retried', async () => {
  // A real SMTP server that refuses the park's addresses: a Mailpit of this test's own, taking only another domain.
  const mailpit = await startOwnMailpit(['--smtp-allowed-recipients', '@elsewhere\\.example$']);
  const mailer = createMailer({ smtpUrl: mailpit.smtpUrl, from: h.config.MAIL_FROM, timeoutMs: 2000 });
  try {
    const taskQueue = `reminders-refused-${randomUUID()}`;
    await startWorker(taskQueue, mailer);
    const w = await qiwiWalletOfPark();
    clock = new Date(w.expiresAt.getTime() - 3 * DAY);
    await runReminders(taskQueue);
    const child = reminderHandle(w.reminder('7d'));
    const failure = await child.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const refusal = ((failure as WorkflowFailedError).cause as ActivityFailure).cause as ApplicationFailure;
    expect(refusal).toMatchObject({ type: MAIL_REFUSED, nonRetryable: true });
    expect(refusal.message).toBe('SMTP server refused every recipient at RCPT TO: 550 5.1.0');

    const history = (await child.fetchHistory()).events ?? [];
    expect(history.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(1);
    expect(history.find((e) => e.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes?.attempt).toBe(
      1,
    );
    const row = await h.sys.db.credentialReminder.findFirstOrThrow({
      where: { walletId: w.walletId, threshold: '7d' },
    });
    expect(row).toMatchObject({ sentAt: null, failure: refusal.message });
    expect(row.failedAt).toBeInstanceOf(Date);
    const recorded = JSON.stringify(history, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
    );
    expect(recorded).toContain(refusal.message);
    for (const secret of [w.secret, ...w.emails]) expect(recorded).not.toContain(secret);

    // The next runs leave it failed: the same run of the child, and nothing reaches the park.
    const { runId } = await child.describe();
    await runReminders(taskQueue);
    expect((await child.describe()).runId).toBe(runId);
    expect(await mailTo(w.emails[0]!)).toEqual([]);
  } finally {
    mailer.close();
    mailpit.stop();
  }
});
