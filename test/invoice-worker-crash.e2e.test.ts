import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { issueInvoice } from './support/invoices';
import { seedDrivers, standInState } from '../testkit/neighbours';
import { seedQiwiAccount, setQiwiBillStatus } from '../testkit/psp-stand-ins';

// A worker process killed (SIGKILL) while an invoice workflow is polling QIWI: after a new worker starts, the invoice
// resumes from its history, finds the bill paid and credits it exactly once.
let h: Harness;
let child: ChildProcess | undefined;
const QIWI = { prv_id: '24274', api_id: 'api-crash', api_password: randomBytes(8).toString('hex') };

beforeAll(async () => {
  h = await startHarness({ worker: false, env: { INVOICE_POLL_INITIAL_MS: '300', INVOICE_POLL_MAX_MS: '600' } });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await h?.close();
});

const polls = async (billId: string) =>
  (await standInState<{ requests: Array<{ method: string; bill_id: string }> }>(h.config.QIWI_API_URL)).requests.filter(
    (r) => r.method === 'GET' && r.bill_id === billId,
  ).length;

it('with no worker to create the bill, issuing still answers in time: the invoice, `creating`, no pay URL yet', async () => {
  // Working credentials (QIWI knows them when the wallet is saved): invoices are refused for refused ones.
  await seedQiwiAccount(h.config.QIWI_API_URL, QIWI);
  const parkId = newParkId();
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi',
    name: 'QIWI',
    currency: 'RUB',
    settings: { prvId: QIWI.prv_id },
    credentials: { password: 'notify', apiId: QIWI.api_id, apiPassword: QIWI.api_password },
  });
  // A driver the park has: no invoice is issued for anyone else.
  await seedDrivers(h.driverProfilesUrl, [{ park_id: parkId, id: 'DRV-1', display_name: 'One' }]);
  const started = Date.now();
  const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/drivers/DRV-1/invoices`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await h.token({ parkId })}`,
      'content-type': 'application/json',
      'idempotency-key': 'no-worker',
    },
    body: JSON.stringify({ walletId: wallet.body.id, amount: '1.00', phone: '+79031811737' }),
  });
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ status: 'creating', payUrl: null });
  expect(Date.now() - started).toBeLessThan(15_000);
});

it('an invoice polling when its worker dies resumes on a new worker and is credited once', async () => {
  const parkId = newParkId();
  await seedQiwiAccount(h.config.QIWI_API_URL, QIWI);
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi',
    name: 'QIWI',
    currency: 'RUB',
    settings: { prvId: QIWI.prv_id },
    credentials: { password: 'notify', apiId: QIWI.api_id, apiPassword: QIWI.api_password },
  });
  const driver = { park_id: parkId, id: 'DRV-INV-CRASH', display_name: 'Crash Test' };
  await seedDrivers(h.driverProfilesUrl, [driver]);
  await seedDrivers(h.billingUrl, [driver]);

  // One process (not the tsx launcher, whose SIGKILL would orphan the real worker).
  child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'workers', 'main.ts')], {
    env: { ...h.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const id = await issueInvoice(h, parkId, driver.id, {
    walletId: wallet.body.id,
    amount: '9.99',
    phone: '+79031811737',
  });
  await eventually(
    () => polls(id),
    (n) => n >= 2,
    90_000,
  );
  child.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));

  await setQiwiBillStatus(h.config.QIWI_API_URL, { prv_id: QIWI.prv_id, bill_id: id, status: 'paid' });
  const pollsBeforeRestart = await polls(id);
  await h.startWorker();
  const row = await eventually(
    () => h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id } } }),
    (i) => i.status === 'paid',
    90_000,
  );
  expect(row.status).toBe('paid');
  expect(await polls(id)).toBeGreaterThan(pollsBeforeRestart);
  const credits = await eventually(
    async () =>
      (
        await standInState<{ credits: Array<{ driver_id: string; amount_minor: string }> }>(h.billingUrl)
      ).credits.filter((c) => c.driver_id === driver.id),
    (c) => c.length > 0,
  );
  expect(credits.map((c) => c.amount_minor)).toEqual(['999']);
});
