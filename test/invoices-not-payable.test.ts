import { randomUUID } from 'node:crypto';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';
import { payPaystackCheckout, setQiwiBillStatus } from '../testkit/psp-stand-ins';
import { attentionEntry, invoiceOutcome } from './support/held-invoices';
import {
  invoiceWallets,
  notifyQiwiPaid,
  paystackTestKey,
  postInvoice,
  qiwiInvoiceCredentials,
} from './support/invoices';
import { expectLedger } from './support/ledger';

// Invoices for a driver who may not be paid (fired, blocked in billing, a balance in another currency). Issuing one is
// refused before any bill exists. A bill paid after the driver became unpayable has taken the payer's money, so it is
// held for ops, whichever of the status poll or the notification sees it first, and never credited. Polls start after
// 300 ms here (injected).
let h: Harness;
let parkId: string;
let qiwiWallet: string;
let qiwiLink: string;
let paystackWallet: string;
const { account: QIWI, notify: QIWI_NOTIFY } = qiwiInvoiceCredentials('api-np');
const PAYSTACK_KEY = paystackTestKey();
const nothing = { credits: 0, records: 0, reversals: 0, balance: 0n };

type Unpayable = 'driver_fired' | 'driver_blocked' | 'currency_mismatch';

/** A driver billing knows with no balance yet; `make` turns them into one who may not be paid, as the park would. */
async function payableDriver() {
  const profile = { park_id: parkId, id: `DRV-N-${randomUUID().slice(0, 6)}`, display_name: 'N' };
  await seedDrivers(h.driverProfilesUrl, [profile]);
  await seedDrivers(h.billingUrl, [profile]);
  const make = (why: Unpayable) => {
    if (why === 'driver_fired') return seedDrivers(h.driverProfilesUrl, [{ ...profile, status: 'fired' }]);
    if (why === 'driver_blocked') return seedDrivers(h.billingUrl, [{ ...profile, blocked: true }]);
    return seedDrivers(h.billingUrl, [{ ...profile, currency: 'USD' }]);
  };
  return { id: profile.id, make };
}

const issue = (driverId: string, body: object) => postInvoice(h, parkId, driverId, body);
const qiwiBill = (amount: string, extra: object = {}) => ({
  walletId: qiwiWallet,
  amount,
  phone: '+79031811737',
  ...extra,
});
const notifyQiwi = (billId: string, amount: string) => notifyQiwiPaid(qiwiLink, QIWI_NOTIFY, billId, amount);
const qiwiRequests = async () =>
  (await standInState<{ requests: Array<{ method: string; bill_id: string }> }>(h.config.QIWI_API_URL)).requests.length;
const paystackCheckouts = async () =>
  (await standInState<{ transactions: unknown[] }>(h.config.PAYSTACK_API_URL)).transactions.length;
const transactions = (driverId: string) => h.sys.db.transaction.count({ where: { parkId, driverId } });

beforeAll(async () => {
  h = await startHarness({ env: { INVOICE_POLL_INITIAL_MS: '300', INVOICE_POLL_MAX_MS: '1000' } });
  parkId = newParkId();
  const wallets = await invoiceWallets(h, parkId, { account: QIWI, notify: QIWI_NOTIFY }, PAYSTACK_KEY);
  ({ walletId: qiwiWallet, linkUrl: qiwiLink } = wallets.qiwi);
  paystackWallet = wallets.paystack.walletId;
});
afterAll(() => h?.close());

describe('issuing', () => {
  it.each<Unpayable>(['driver_fired', 'driver_blocked', 'currency_mismatch'])(
    'for a driver who may not be paid (%s) is a 422 naming why; no invoice, no bill at QIWI',
    async (why) => {
      const driver = await payableDriver();
      await driver.make(why);
      const before = await qiwiRequests();
      const res = await issue(driver.id, qiwiBill('5.00'));
      expect(res).toMatchObject({ status: 422, body: { error: 'driver_not_payable', reason: why } });
      expect(res.body.message).toEqual(expect.any(String));
      expect(await h.sys.db.invoice.count({ where: { parkId, driverId: driver.id } })).toBe(0);
      expect(await qiwiRequests()).toBe(before);
    },
  );

  it('for a driver the park does not have is a 422 driver_not_found; no Paystack checkout is opened', async () => {
    const before = await paystackCheckouts();
    const res = await issue('DRV-NOBODY', { walletId: paystackWallet, amount: '5.00' });
    expect(res).toMatchObject({ status: 422, body: { error: 'driver_not_payable', reason: 'driver_not_found' } });
    expect(await paystackCheckouts()).toBe(before);
  });

  it('while driver profiles do not answer is a 503: nothing is issued unchecked', async () => {
    const driver = await payableDriver();
    await setFaults(h.driverProfilesUrl, { status: 503 });
    try {
      const res = await issue(driver.id, qiwiBill('5.00'));
      expect(res).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    } finally {
      await clearFaults(h.driverProfilesUrl);
    }
    expect(await h.sys.db.invoice.count({ where: { parkId, driverId: driver.id } })).toBe(0);
    expect((await issue(driver.id, qiwiBill('5.00'))).status).toBe(201);
  });
});

describe('paid after the driver became unpayable', () => {
  it.each<Unpayable>(['driver_fired', 'driver_blocked', 'currency_mismatch'])(
    'QIWI, found by the poll (%s): held for ops, never credited; a late notification is acknowledged and changes nothing',
    async (why) => {
      const driver = await payableDriver();
      const { status, body } = await issue(driver.id, qiwiBill('7.00'));
      expect(status).toBe(201);
      await driver.make(why);
      await setQiwiBillStatus(h.config.QIWI_API_URL, { prv_id: QIWI.prv_id, bill_id: body.id, status: 'paid' });

      const { progress, invoice } = await invoiceOutcome(h, parkId, body.id);
      expect(progress).toMatchObject({ status: 'held', polls: expect.any(Number) });
      expect(progress.polls).toBeGreaterThanOrEqual(1);
      expect(invoice).toMatchObject({ status: 'held', paidAmountMinor: 700n, paidCurrency: 'RUB' });
      expect(invoice.failureReason).toMatch(new RegExp(`^driver_not_payable: .*\\(${why}\\)$`));

      expect((await notifyQiwi(body.id, '7.00')).result.code).toBe('0');
      expect((await h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id: body.id } } })).status).toBe(
        'held',
      );
      expect(await transactions(driver.id)).toBe(0);
      await expectLedger(h, parkId, driver.id, nothing);
      expect(await attentionEntry(h, parkId, body.id)).toMatchObject({ state: 'held', driverId: driver.id });
    },
  );

  it('Paystack, found by the poll: held for ops, never credited', async () => {
    const driver = await payableDriver();
    const { body } = await issue(driver.id, { walletId: paystackWallet, amount: '30.00' });
    await driver.make('driver_fired');
    await payPaystackCheckout(h.config.PAYSTACK_API_URL, { reference: body.id });
    const { progress, invoice } = await invoiceOutcome(h, parkId, body.id);
    expect(progress.status).toBe('held');
    expect(progress.polls).toBeGreaterThanOrEqual(1);
    expect(invoice.failureReason).toMatch(/^driver_not_payable: .*\(driver_fired\)$/);
    expect(await transactions(driver.id)).toBe(0);
    await expectLedger(h, parkId, driver.id, nothing);
    expect(await attentionEntry(h, parkId, body.id)).toMatchObject({ state: 'held', paidAmountMinor: '3000' });
  });

  it('QIWI, paid after the invoice expired: the notification is acknowledged and the invoice held, not credited', async () => {
    const driver = await payableDriver();
    const { body } = await issue(driver.id, qiwiBill('2.00', { ttlSeconds: 2 }));
    expect((await invoiceOutcome(h, parkId, body.id)).progress.status).toBe('expired');
    await driver.make('driver_fired');
    const { answer, result } = await notifyQiwi(body.id, '2.00');
    expect({ status: answer.status, code: result.code }).toEqual({ status: 200, code: '0' });
    const invoice = await eventually(
      () => h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id: body.id } } }),
      (i) => i.status === 'held',
      5_000,
    );
    expect(invoice).toMatchObject({ paidAmountMinor: 200n, failureReason: expect.stringMatching(/driver_fired/) });
    // Back at work, the driver may be paid again: QIWI's repeat still credits nothing, the held invoice is ops'.
    await seedDrivers(h.driverProfilesUrl, [{ park_id: parkId, id: driver.id, display_name: 'N' }]);
    expect((await notifyQiwi(body.id, '2.00')).result.code).toBe('0');
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id: body.id } } })).status).toBe(
      'held',
    );
    expect(await transactions(driver.id)).toBe(0);
    await expectLedger(h, parkId, driver.id, nothing);
  });
});
