import { randomUUID } from 'node:crypto';
import { getSimulator, simulate } from '../psp/simulators';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';
import { losePaystackInitializeAnswers, payPaystackCheckout, setQiwiBillStatus } from '../testkit/psp-stand-ins';
import { invoiceWallets, notifyQiwiPaid, paystackTestKey, qiwiInvoiceCredentials } from './support/invoices';
import { expectLedger } from './support/ledger';
import { LOOPBACK } from './support/psp-terminals';

// Pro's invoices end to end on real Temporal, Postgres and HTTP stand-ins of QIWI's Pull API and Paystack: issue →
// bill at the PSP → paid (found by a poll, a notification, or both) → one credit in billing. Polls start after
// 300 ms here (injected), so nothing waits for minutes.
let h: Harness;
let parkId: string;
let qiwiWallet: string;
let qiwiLink: string;
let paystackWallet: string;
let paystackLink: string;
const { account: QIWI, notify: QIWI_NOTIFY } = qiwiInvoiceCredentials('api-24274');
const PAYSTACK_KEY = paystackTestKey();
let driverSeq = 0;

async function newDriver(currency: string) {
  const id = `DRV-I${++driverSeq}-${randomUUID().slice(0, 4)}`;
  const seed = [{ park_id: parkId, id, display_name: id }];
  await seedDrivers(h.driverProfilesUrl, seed);
  await seedDrivers(
    h.billingUrl,
    seed.map((d) => ({ ...d, currency })),
  );
  return id;
}

const wallet = (
  psp: string,
  currency: string,
  settings: Record<string, unknown>,
  credentials: Record<string, string>,
) => walletWithLink(h, parkId, psp, currency, settings, credentials);

/** Issues as the driver itself, from Pro. */
async function issue(driverId: string, body: object, key: string | null = randomUUID()) {
  const token = await h.token({ parkId, role: 'driver', driverId });
  const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/drivers/${driverId}/invoices`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key !== null && { 'idempotency-key': key }),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const invoiceRow = (id: string) => h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id } } });
const settledAs = (id: string, status: string) =>
  eventually(
    () => invoiceRow(id),
    (r) => r.status === status,
    30_000,
  );
/** The driver's whole ledger in billing: every credit, whatever its key. */
const credited = (driverId: string, count: number) =>
  eventually(
    () => ledger(driverId),
    (l) => l.length >= count,
    30_000,
  );
const ledger = async (driverId: string) =>
  (
    await standInState<{ credits: Array<{ driver_id: string; amount_minor: string; balance_after_minor: string }> }>(
      h.billingUrl,
    )
  ).credits.filter((c) => c.driver_id === driverId);
const qiwiState = () =>
  standInState<{
    bills: Array<{ bill_id: string; status: string; amount: string }>;
    requests: Array<{ method: string; bill_id: string }>;
  }>(h.config.QIWI_API_URL);
const payAtQiwi = (billId: string) =>
  setQiwiBillStatus(h.config.QIWI_API_URL, { prv_id: QIWI.prv_id, bill_id: billId, status: 'paid' });
const notifyQiwi = (billId: string, amount: string) => notifyQiwiPaid(qiwiLink, QIWI_NOTIFY, billId, amount);

beforeAll(async () => {
  h = await startHarness({ env: { INVOICE_POLL_INITIAL_MS: '300', INVOICE_POLL_MAX_MS: '1000' } });
  parkId = newParkId();
  const wallets = await invoiceWallets(h, parkId, { account: QIWI, notify: QIWI_NOTIFY }, PAYSTACK_KEY);
  ({ walletId: qiwiWallet, linkUrl: qiwiLink } = wallets.qiwi);
  ({ walletId: paystackWallet, linkUrl: paystackLink } = wallets.paystack);
});
afterAll(() => h?.close());
afterEach(() => clearFaults(h.config.QIWI_API_URL));

const qiwiInvoice = (amount = '10.00', extra: object = {}) => ({
  walletId: qiwiWallet,
  amount,
  phone: '+79031811737',
  ...extra,
});

describe('issuing', () => {
  it('is refused with 409 naming the reason while the wallet has no working credentials, and bills nothing', async () => {
    const driver = await newDriver('RUB');
    const refused = await wallet(
      'qiwi',
      'RUB',
      { ipAllowList: LOOPBACK, prvId: QIWI.prv_id },
      { ...QIWI_NOTIFY, apiId: QIWI.api_id, apiPassword: 'not-the-password' },
    );
    const bare = await wallet('qiwi', 'RUB', { ipAllowList: LOOPBACK, prvId: QIWI.prv_id }, {});
    const shown = await h.api('GET', `/v1/parks/${parkId}/wallets/${refused.walletId}`);
    expect(shown.body.credentialsStatus).toBe('invalid');
    const billsBefore = (await qiwiState()).bills.length;
    for (const [walletId, status] of [
      [refused.walletId, 'invalid'],
      [bare.walletId, 'missing'],
    ] as const) {
      const res = await issue(driver, qiwiInvoice('5.00', { walletId }));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'credentials_unusable' });
      expect(res.body.message).toContain(status);
      expect(await h.sys.db.invoice.count({ where: { parkId, walletId } })).toBe(0);
    }
    expect((await qiwiState()).bills.length).toBe(billsBefore);
  });

  it('a double tap makes one invoice and one bill; the same key with another body is 409', async () => {
    const driver = await newDriver('RUB');
    const key = randomUUID();
    const taps = await Promise.all([issue(driver, qiwiInvoice(), key), issue(driver, qiwiInvoice(), key)]);
    expect(taps.map((t) => t.status).sort()).toEqual([200, 201]);
    expect(taps[0]!.body.id).toBe(taps[1]!.body.id);
    const id = taps[0]!.body.id as string;
    expect(taps[0]!.body).toMatchObject({ psp: 'qiwi', amount: '10.00', currency: 'RUB', status: 'waiting' });
    expect(taps[0]!.body.payUrl).toContain(encodeURIComponent(id));
    expect(await h.sys.db.invoice.count({ where: { parkId, idempotencyKey: key } })).toBe(1);
    expect((await qiwiState()).requests.filter((r) => r.method === 'PUT' && r.bill_id === id)).toHaveLength(1);

    const other = await issue(driver, qiwiInvoice('11.00'), key);
    expect(other.status).toBe(409);
    const again = await issue(driver, qiwiInvoice(), key);
    expect(again).toMatchObject({ status: 200, body: { id } });
  });

  it('without an Idempotency-Key is a 400 naming the header, and nothing is issued', async () => {
    const driver = await newDriver('RUB');
    const res = await issue(driver, qiwiInvoice(), null);
    expect(res).toMatchObject({ status: 400, body: { field: 'Idempotency-Key' } });
    expect(await h.sys.db.invoice.count({ where: { parkId, driverId: driver } })).toBe(0);
  });
});

describe('paid', () => {
  it('found by polling only (no notification): credited once', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('12.34'));
    await payAtQiwi(body.id);
    await settledAs(body.id, 'paid');
    const credits = await credited(driver, 1);
    expect(credits.map((c) => c.amount_minor)).toEqual(['1234']);
    expect(credits.at(-1)!.balance_after_minor).toBe('1234');
    const [txn] = await eventually(
      () => h.sys.db.transaction.findMany({ where: { parkId, walletId: qiwiWallet, pspTxnId: body.id } }),
      (r) => r[0]?.state === 'processed',
    );
    expect(txn).toMatchObject({ driverId: driver, amountMinor: 1234n });
  });

  it('a notification and a poll racing: credited once', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('5.00'));
    await payAtQiwi(body.id);
    const answers = await Promise.all(Array.from({ length: 5 }, () => notifyQiwi(body.id, '5.00')));
    expect(answers.map((a) => a.result.code)).toEqual(['0', '0', '0', '0', '0']);
    await settledAs(body.id, 'paid');
    await credited(driver, 1);
    // Let a poll that was in flight finish too, then count the whole ledger.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await ledger(driver)).map((c) => c.amount_minor)).toEqual(['500']);
    expect(await h.sys.db.transaction.count({ where: { parkId, driverId: driver } })).toBe(1);
  });

  it('Paystack: the checkout paid at Paystack is found by verify and credited once', async () => {
    const driver = await newDriver('NGN');
    const { status, body } = await issue(driver, { walletId: paystackWallet, amount: '150.00' });
    expect(status).toBe(201);
    expect(body.payUrl).toMatch(/^https:\/\/checkout\.paystack\.com\//);
    await payPaystackCheckout(h.config.PAYSTACK_API_URL, { reference: body.id });
    await settledAs(body.id, 'paid');
    expect((await credited(driver, 1)).map((c) => c.amount_minor)).toEqual(['15000']);
  });
});

describe('paid despite trouble', () => {
  it("Paystack's first initialize answer lost: a new checkout under `<id>.1`, paid once, found by its webhook too", async () => {
    const driver = await newDriver('NGN');
    await losePaystackInitializeAnswers(h.config.PAYSTACK_API_URL, 1);
    const { status, body } = await issue(driver, { walletId: paystackWallet, amount: '70.00' });
    expect(status).toBe(201);
    const reference = `${body.id}.1`;
    expect(body).toMatchObject({
      status: 'waiting',
      payUrl: expect.stringMatching(/^https:\/\/checkout\.paystack\.com\//),
    });
    expect((await invoiceRow(body.id)).checkoutReferences).toEqual([reference]);
    const checkouts = (
      await standInState<{ transactions: Array<{ reference: string; id: number }> }>(h.config.PAYSTACK_API_URL)
    ).transactions.filter((t) => t.reference.startsWith(body.id));
    expect(checkouts.map((t) => t.reference).sort()).toEqual([body.id, reference]);
    // The pay URL is the new checkout's (the stand-in's access code is its transaction id), not the lost one's.
    const opened = checkouts.find((t) => t.reference === reference)!;
    expect(body.payUrl).toBe(`https://checkout.paystack.com/ac_${opened.id.toString(36)}`);

    await payPaystackCheckout(h.config.PAYSTACK_API_URL, { reference });
    const webhook = await simulate(
      getSimulator('paystack')!,
      paystackLink,
      'pay-invoice',
      { txnId: reference, account: 'free text', amount: '70.00', currency: 'NGN', extra: {} },
      { secretKey: PAYSTACK_KEY },
    );
    expect(webhook.answer.status).toBe(200);
    await settledAs(body.id, 'paid');
    await eventually(
      () => h.api('GET', `/v1/parks/${parkId}/drivers/${driver}/invoices/${body.id}`),
      (r) => r.body.credited === true,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1000)); // a poll in flight lands on the same payment, or nowhere
    await expectLedger(h, parkId, driver, { credits: 1, records: 1, reversals: 0, balance: 7000n });
    expect(await h.sys.db.transaction.count({ where: { parkId, driverId: driver } })).toBe(1);
  });

  it('`paid` while billing is down says not credited yet; `credited` once billing took it', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('9.00'));
    const url = `/v1/parks/${parkId}/drivers/${driver}/invoices/${body.id}`;
    expect((await h.api('GET', url)).body).toMatchObject({ status: 'waiting', credit: null, credited: false });
    await setFaults(h.billingUrl, { status: 503 });
    try {
      await payAtQiwi(body.id);
      await settledAs(body.id, 'paid');
      const paid = await h.api('GET', url);
      expect(paid.body).toMatchObject({ status: 'paid', credit: { state: 'accepted' }, credited: false });
      const listed = await h.api('GET', `/v1/parks/${parkId}/invoices?driverId=${driver}`);
      expect(listed.body.items).toEqual([expect.objectContaining({ id: body.id, credited: false })]);
    } finally {
      await clearFaults(h.billingUrl);
    }
    const credited = await eventually(
      () => h.api('GET', url),
      (r) => r.body.credited === true,
      30_000,
    );
    expect(credited.body).toMatchObject({ status: 'paid', credit: { state: 'processed' } });
    await expectLedger(h, parkId, driver, { credits: 1, records: 1, reversals: 0, balance: 900n });
  });

  it('QIWI down while polling: credited once after it recovers', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('6.00'));
    await setFaults(h.config.QIWI_API_URL, { status: 503, times: 4 });
    await payAtQiwi(body.id);
    await settledAs(body.id, 'paid');
    // Every failure was served to a poll before the one that found the bill paid.
    expect((await standInState<{ fault?: unknown }>(h.config.QIWI_API_URL)).fault ?? null).toBeNull();
    expect((await credited(driver, 1)).map((c) => c.amount_minor)).toEqual(['600']);
  });

  it('a cancel racing the payment (QIWI 1419 or a poll first): credited, not cancelled', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('8.00'));
    await payAtQiwi(body.id);
    const token = await h.token({ parkId, role: 'driver', driverId: driver });
    await fetch(`${h.internalUrl}/v1/parks/${parkId}/drivers/${driver}/invoices/${body.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    await settledAs(body.id, 'paid');
    expect((await credited(driver, 1)).map((c) => c.amount_minor)).toEqual(['800']);
    expect((await qiwiState()).bills.find((b) => b.bill_id === body.id)?.status).toBe('paid');
  });

  it("no secret of the wallet reaches the logs or the invoice's workflow history", async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('2.00'));
    await payAtQiwi(body.id);
    const row = await settledAs(body.id, 'paid');
    const history = JSON.stringify(await h.sys.temporal.workflow.getHandle(row.workflowId).fetchHistory());
    for (const secret of [QIWI.api_password, QIWI_NOTIFY.password, PAYSTACK_KEY]) {
      expect(history).not.toContain(secret);
      expect(h.logs()).not.toContain(secret);
    }
  });
});

describe('not credited', () => {
  it('a notification for a bill we never issued: refused, nothing credited', async () => {
    const bill = randomUUID();
    const { answer, result } = await notifyQiwi(bill, '10.00');
    expect(answer.status).toBe(200);
    expect(result.code).toBe('5');
    expect(await h.sys.db.transaction.count({ where: { pspTxnId: bill } })).toBe(0);
  });

  it('a Paystack webhook for a reference we never issued: refused, nothing credited', async () => {
    const ref = `NEVER-${randomUUID()}`;
    const { answer } = await simulate(
      getSimulator('paystack')!,
      paystackLink,
      'pay-invoice',
      { txnId: ref, account: 'anyone', amount: '10.00', currency: 'NGN', extra: {} },
      { secretKey: PAYSTACK_KEY },
    );
    expect(answer.status).toBe(422);
    expect(await h.sys.db.transaction.count({ where: { pspTxnId: ref } })).toBe(0);
  });

  it('an amount mismatch is held, not credited', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('10.00', { ttlSeconds: 600 }));
    const { result } = await notifyQiwi(body.id, '99.00');
    expect(result.code).toBe('5');
    const row = await settledAs(body.id, 'held');
    expect(row.failureReason).toMatch(/9900 RUB/);
    expect(await ledger(driver)).toEqual([]);
    expect(await h.sys.db.transaction.count({ where: { parkId, driverId: driver } })).toBe(0);
  });

  it('the TTL passes: expired, and the bill is rejected at QIWI', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('3.00', { ttlSeconds: 2 }));
    await settledAs(body.id, 'expired');
    const bill = (await qiwiState()).bills.find((b) => b.bill_id === body.id);
    expect(bill?.status).toBe('rejected');
    expect(await ledger(driver)).toEqual([]);
  });

  it('cancelled by Pro: rejected at QIWI; the history lists each status', async () => {
    const driver = await newDriver('RUB');
    const { body } = await issue(driver, qiwiInvoice('4.00'));
    const token = await h.token({ parkId, role: 'driver', driverId: driver });
    const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/drivers/${driver}/invoices/${body.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(202);
    await settledAs(body.id, 'cancelled');
    expect((await qiwiState()).bills.find((b) => b.bill_id === body.id)?.status).toBe('rejected');
    const detail = await h.api('GET', `/v1/parks/${parkId}/drivers/${driver}/invoices/${body.id}`);
    expect(detail.body.history.map((e: { status: string }) => e.status)).toEqual(['creating', 'waiting', 'cancelled']);
  });
});
