import { randomUUID } from 'node:crypto';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';
import { payPaystackCheckout } from '../testkit/psp-stand-ins';
import {
  invoiceWallets,
  issueInvoice,
  notifyQiwiPaid,
  paystackTestKey,
  qiwiInvoiceCredentials,
} from './support/invoices';
import { expectLedger } from './support/ledger';

// Invoices held for ops (the PSP took another amount than the invoice's, or money for a driver who may not be paid)
// are listed with the payments that need attention, for ops and for their park, and ops finish them through a
// workflow, exactly once however often asked: a re-drive credits what the PSP reports paid once ops confirm it (and
// the driver may be paid); a settle records a refund outside the system.
let h: Harness;
let parkId: string;
let paystackWallet: string;
let qiwiLink: string;
let qiwiWallet: string;
const PAYSTACK_KEY = paystackTestKey();
const { account: QIWI, notify: QIWI_NOTIFY } = qiwiInvoiceCredentials('api-held');
const OPS = { role: 'ops' as const, parkId: 'ops-console' };
const nothing = { credits: 0, records: 0, reversals: 0, balance: 0n };

async function newDriver(currency: string) {
  const id = `DRV-H-${randomUUID().slice(0, 6)}`;
  const seed = [{ park_id: parkId, id, display_name: id, currency }];
  await seedDrivers(h.driverProfilesUrl, seed);
  await seedDrivers(h.billingUrl, seed);
  return id;
}

const row = (id: string) => h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id } } });
const held = (id: string) =>
  eventually(
    () => row(id),
    (r) => r.status === 'held',
    30_000,
  );
const opsList = async () => (await h.api('GET', '/v1/ops/payments?attention=true&limit=500', undefined, OPS)).body;
const parkList = async () => (await h.api('GET', `/v1/parks/${parkId}/payments?attention=true`)).body;
const redrive = (invoiceId: string, amountMinor: string, currency: string) =>
  h.api('POST', '/v1/ops/invoice-redrives', { parkId, invoiceId, amountMinor, currency }, OPS);
const settle = (invoiceId: string, note: string) =>
  h.api('POST', '/v1/ops/invoice-settlements', { parkId, invoiceId, note }, OPS);
const history = async (driverId: string, id: string) =>
  (
    (await h.api('GET', `/v1/parks/${parkId}/drivers/${driverId}/invoices/${id}`)).body.history as Array<{
      status: string;
      reason: string | null;
    }>
  ).map((e) => `${e.status}${e.reason ? `: ${e.reason.replace(/:.*$/, '')}` : ''}`);
const ids = (list: { items: Array<{ id: string }> }) => list.items.map((i) => i.id);

beforeAll(async () => {
  h = await startHarness({ env: { INVOICE_POLL_INITIAL_MS: '300', INVOICE_POLL_MAX_MS: '1000' } });
  parkId = newParkId();
  const wallets = await invoiceWallets(h, parkId, { account: QIWI, notify: QIWI_NOTIFY }, PAYSTACK_KEY);
  ({ walletId: qiwiWallet, linkUrl: qiwiLink } = wallets.qiwi);
  paystackWallet = wallets.paystack.walletId;
});
afterAll(() => h?.close());

it('Paystack took another amount: held and listed with what it took; a re-drive credits that amount once', async () => {
  const driver = await newDriver('NGN');
  const id = await issueInvoice(h, parkId, driver, { walletId: paystackWallet, amount: '50.00' });
  await payPaystackCheckout(h.config.PAYSTACK_API_URL, { reference: id, amount: 4000 });
  expect((await held(id)).failureReason).toMatch(/4000 NGN/);
  const item = { kind: 'invoice', id, parkId, driverId: driver, amountMinor: '5000', state: 'held', action: null };
  const listed = expect.objectContaining({ ...item, paidAmountMinor: '4000', paidCurrency: 'NGN' });
  expect((await opsList()).items).toContainEqual(listed);
  expect((await parkList()).items).toEqual([listed]);

  // Ops confirm an amount the PSP does not report: refused, still held, free for another try.
  const wrong = await redrive(id, '5000', 'NGN');
  expect(wrong).toMatchObject({ status: 409, body: { message: expect.stringMatching(/reports 4000 NGN/) } });
  expect((await row(id)).status).toBe('held');

  const [a, b] = await Promise.all([redrive(id, '4000', 'NGN'), redrive(id, '4000', 'NGN')]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(b.body.workflowId).toBe(a.body.workflowId);
  expect((await redrive(id, '4000', 'NGN')).status).toBe(200); // asked again after it finished: nothing more
  await eventually(
    () => h.api('GET', `/v1/parks/${parkId}/drivers/${driver}/invoices/${id}`),
    (r) => r.body.credited === true,
    30_000,
  );
  await new Promise((r) => setTimeout(r, 500));
  await expectLedger(h, parkId, driver, { credits: 1, records: 1, reversals: 0, balance: 4000n });
  expect(await history(driver, id)).toEqual([
    'creating',
    'waiting',
    'held: the PSP reports 4000 NGN, the invoice is for 5000 NGN',
    'held: re-drive refused',
    'paid: re-driven by ops',
  ]);
  expect(ids(await parkList())).not.toContain(id);
  expect(ids(await opsList())).not.toContain(id);
  expect((await settle(id, 'too late')).status).toBe(409);
});

it('settle records the refund with its note once, drops it from the lists, and a re-drive is then refused', async () => {
  const driver = await newDriver('RUB');
  const id = await issueInvoice(h, parkId, driver, { walletId: qiwiWallet, amount: '10.00', phone: '+79031811737' });
  const { result } = await notifyQiwiPaid(qiwiLink, QIWI_NOTIFY, id, '99.00');
  expect(result.code).toBe('5');
  await held(id);
  expect(ids(await parkList())).toContain(id);

  const note = 'refunded to the payer by the park, ticket OPS-2077';
  const [a, b] = await Promise.all([settle(id, note), settle(id, note)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect((await settle(id, 'another note')).status).toBe(200);
  expect(await row(id)).toMatchObject({ status: 'settled', failureReason: note });
  const events = (await h.api('GET', `/v1/parks/${parkId}/drivers/${driver}/invoices/${id}`)).body.history;
  expect(events.filter((e: { status: string }) => e.status === 'settled')).toEqual([
    expect.objectContaining({ reason: `settled outside the system by ops: ${note}` }),
  ]);
  expect(ids(await parkList())).not.toContain(id);
  expect(ids(await opsList())).not.toContain(id);

  expect((await redrive(id, '9900', 'RUB')).status).toBe(409);
  await expectLedger(h, parkId, driver, nothing);
  expect(await h.sys.db.transaction.count({ where: { parkId, driverId: driver } })).toBe(0);
});

it('an invoice that is not held can be neither re-driven nor settled; an unknown one is not found', async () => {
  const driver = await newDriver('RUB');
  const id = await issueInvoice(h, parkId, driver, { walletId: qiwiWallet, amount: '3.00', phone: '+79031811737' });
  expect((await redrive(id, '300', 'RUB')).status).toBe(409);
  expect((await settle(id, 'no')).status).toBe(409);
  expect((await redrive(randomUUID(), '300', 'RUB')).status).toBe(404);
  expect((await row(id)).status).toBe('waiting');
  await expectLedger(h, parkId, driver, nothing);
});

it('paid after its driver was fired: held as driver_not_payable; a re-drive is refused until the driver is back', async () => {
  const driver = await newDriver('NGN');
  const id = await issueInvoice(h, parkId, driver, { walletId: paystackWallet, amount: '20.00' });
  const fired = { park_id: parkId, id: driver, display_name: driver, status: 'fired' };
  await seedDrivers(h.driverProfilesUrl, [fired]);
  await payPaystackCheckout(h.config.PAYSTACK_API_URL, { reference: id });
  expect((await held(id)).failureReason).toMatch(/^driver_not_payable: .*\(driver_fired\)$/);
  expect((await parkList()).items).toContainEqual(
    expect.objectContaining({
      kind: 'invoice',
      id,
      state: 'held',
      reason: expect.stringMatching(/^driver_not_payable/),
    }),
  );

  const refused = await redrive(id, '2000', 'NGN');
  expect(refused).toMatchObject({ status: 409, body: { message: expect.stringMatching(/driver_not_payable/) } });
  expect((await row(id)).status).toBe('held');
  await expectLedger(h, parkId, driver, nothing);

  await seedDrivers(h.driverProfilesUrl, [{ ...fired, status: 'working' }]);
  expect((await redrive(id, '2000', 'NGN')).status).toBe(200);
  await eventually(
    () => h.api('GET', `/v1/parks/${parkId}/drivers/${driver}/invoices/${id}`),
    (r) => r.body.credited === true,
    30_000,
  );
  await expectLedger(h, parkId, driver, { credits: 1, records: 1, reversals: 0, balance: 2000n });
  expect(await history(driver, id)).toEqual([
    'creating',
    'waiting',
    'held: driver_not_payable',
    'held: re-drive refused',
    'paid: re-driven by ops',
  ]);
});
