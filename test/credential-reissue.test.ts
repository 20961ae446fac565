import { randomUUID } from 'node:crypto';
import { createCredentialReminderActivities, type DueReminder } from '../activities/credential-reminders';
import { defaultCredentialsExpiry } from '../application/credential-expiry';
import { getSimulator, simulate } from '../psp/simulators';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { issueInvoice } from './support/invoices';
import { mailTo } from './support/mailpit';
import { clearFaults, seedDrivers, setFaults } from '../testkit/neighbours';

// Issue 8 item 6: no PSP we serve renews a token through an API, so re-issue is guided. The reminder links to the
// wallet in the dispatcher console; the dispatcher saves the new token; QIWI (its Pull API stand-in) is asked
// before the new token replaces the old one, which payments keep using until then; the expiry starts over.
const DAY = 24 * 60 * 60 * 1000;
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
let h: Harness;
let clock = new Date();

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const qiwiAccount = async (prvId: string, token: { apiId: string; apiPassword: string }) => {
  const res = await fetch(`${h.env.QIWI_API_URL}/_control/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prv_id: prvId, api_id: token.apiId, api_password: token.apiPassword }),
  });
  expect(res.status).toBe(204);
};

/** PATCH as the park's dispatcher, with the answer's headers (Retry-After). */
async function patch(path: string, parkId: string, body: unknown) {
  const res = await fetch(`${h.internalUrl}${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${await h.token({ parkId })}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

it('a refused or unanswered new token leaves the old one in force; a verified one replaces it and the year restarts', async () => {
  const tag = randomUUID().slice(0, 8);
  const parkId = newParkId();
  const prvId = `9${Date.now()}`;
  const emails = [`renew-${tag}@park.example`];
  const notification = { login: prvId, password: `notify-${randomUUID()}` };
  const oldToken = { apiId: `api-${tag}`, apiPassword: `old-${randomUUID()}` };
  const newToken = { apiId: `api-${tag}`, apiPassword: `new-${randomUUID()}` };
  const secrets = [notification.password, oldToken.apiPassword, newToken.apiPassword];
  await qiwiAccount(prvId, oldToken);
  expect((await h.api('PUT', `/v1/parks/${parkId}/notification-settings`, { emails })).status).toBe(200);
  const oldExpiry = new Date(Date.now() + 5 * DAY);
  const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi',
    name: `QIWI ${tag}`,
    currency: 'RUB',
    settings: { prvId, ipAllowList: LOOPBACK },
    credentials: { password: notification.password, ...oldToken },
    credentialsExpireAt: oldExpiry.toISOString(),
  });
  expect(created.body).toMatchObject({ credentialsStatus: 'expiring', credentialsExpireAt: oldExpiry.toISOString() });
  const walletId = created.body.id as string;
  const path = `/v1/parks/${parkId}/wallets/${walletId}`;
  const link = await h.api('POST', `${path}/link`);
  const linkUrl = (link.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl);
  const drivers = [{ park_id: parkId, id: 'DRV-R1', display_name: 'DRV-R1' }];
  await seedDrivers(h.driverProfilesUrl, drivers);
  await seedDrivers(h.billingUrl, drivers);

  const acts = createCredentialReminderActivities({
    db: h.sys.db,
    wallets: h.sys.wallets,
    notificationSettings: h.sys.notificationSettings,
    mailer: h.sys.mailer,
    credentialChecks: h.sys.credentialChecks,
    now: () => clock,
    consoleUrl: h.config.DISPATCHER_CONSOLE_URL,
  });
  const dueNow = async () =>
    (await acts.findDueCredentialReminders({ afterId: null, limit: 100_000 })).reminders.filter(
      (r) => r.walletId === walletId,
    );
  const row = () => h.sys.db.wallet.findUniqueOrThrow({ where: { id: walletId } });
  // A bill is an invoice Pro issued first (notifications find the payer in our records), then paid at QIWI.
  const paid = async () => {
    const billId = await issueInvoice(h, parkId, 'DRV-R1', { walletId, amount: '10.45', phone: '+79031811737' });
    const sim = getSimulator('qiwi')!;
    const args = { txnId: billId, account: 'DRV-R1', amount: '10.45', currency: 'RUB', extra: {} };
    expect((await simulate(sim, linkUrl, 'notify', args, notification)).result).toMatchObject({ ok: true, code: '0' });
    await eventually(
      () => h.sys.db.transaction.findFirst({ where: { parkId, walletId, pspTxnId: billId } }),
      (t) => t?.state === 'processed',
    );
  };

  // The 7-day reminder links to the wallet's page in the dispatcher console, and holds no secret.
  clock = new Date();
  const [sevenDays] = await dueNow();
  expect(sevenDays).toEqual<DueReminder>({ walletId, parkId, threshold: '7d', expiresAt: oldExpiry.toISOString() });
  expect(await acts.sendCredentialReminder(sevenDays!)).toBe('sent');
  const [mail] = await mailTo(emails[0]!);
  expect(mail!.text.split(/\r?\n/).map((l) => l.trim())).toContain(
    `${h.config.DISPATCHER_CONSOLE_URL}/parks/${parkId}/wallets/${walletId}`,
  );
  for (const secret of secrets) expect(mail!.text).not.toContain(secret);

  // A token QIWI does not take (not issued there yet): 409 naming why; the row, and the old token, unchanged.
  const before = await row();
  const refused = await patch(path, parkId, { credentials: { password: notification.password, ...newToken } });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({
    error: 'credentials_refused',
    message: expect.stringMatching(/result code 150/),
  });
  expect(await row()).toEqual(before);
  expect(await h.sys.wallets.credentials(parkId, walletId)).toEqual({ password: notification.password, ...oldToken });
  const saved = await h.sys.wallets.credentials(parkId, walletId);
  expect(await h.sys.credentialChecks.check({ psp: 'qiwi', settings: { prvId } }, saved)).toEqual({ result: 'valid' });
  await paid();

  // QIWI gives no answer: 503 with Retry-After, nothing changes.
  await setFaults(h.config.QIWI_API_URL, { status: 503, times: 1 });
  try {
    const unanswered = await patch(path, parkId, { credentials: { password: notification.password, ...newToken } });
    expect(unanswered).toMatchObject({ status: 503, retryAfter: '60', body: { error: 'psp_unavailable' } });
  } finally {
    await clearFaults(h.config.QIWI_API_URL);
  }
  expect(await row()).toEqual(before);

  // The merchant issues the new token at QIWI (the stand-in then refuses the old one): saved once QIWI takes it.
  await qiwiAccount(prvId, newToken);
  const savedFrom = Date.now();
  const renewed = await patch(path, parkId, { credentials: { password: notification.password, ...newToken } });
  const savedUntil = Date.now();
  expect(renewed.status).toBe(200);
  expect(renewed.body.credentialsStatus).toBe('ok');
  const newExpiry = new Date(renewed.body.credentialsExpireAt);
  expect(newExpiry.getTime()).toBeGreaterThanOrEqual(defaultCredentialsExpiry('qiwi', new Date(savedFrom))!.getTime());
  expect(newExpiry.getTime()).toBeLessThanOrEqual(defaultCredentialsExpiry('qiwi', new Date(savedUntil))!.getTime());
  expect(await h.sys.wallets.credentials(parkId, walletId)).toEqual({ password: notification.password, ...newToken });
  await paid();

  // The expiry started over: the old date's reminders are done with, the new date's thresholds are due in turn.
  clock = new Date(oldExpiry.getTime() - DAY / 2);
  expect(await dueNow()).toEqual([]);
  expect(await acts.sendCredentialReminder({ ...sevenDays!, threshold: '1d' })).toBe('outdated');
  clock = new Date(newExpiry.getTime() - 6 * DAY);
  const again = await dueNow();
  expect(again).toEqual<DueReminder[]>([{ walletId, parkId, threshold: '7d', expiresAt: newExpiry.toISOString() }]);
  expect(await acts.sendCredentialReminder(again[0]!)).toBe('sent');
  const dates = (await mailTo(emails[0]!)).map((m) => m.subject.slice(-12));
  expect(dates).toEqual([oldExpiry, newExpiry].map((d) => `(${d.toISOString().slice(0, 10)})`));
  for (const secret of secrets) expect(h.logs()).not.toContain(secret);
});
