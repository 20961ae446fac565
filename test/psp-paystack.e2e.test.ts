import { randomBytes } from 'node:crypto';
import { getSimulator, simulate } from '../psp/simulators';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { attentionEntry, invoiceOutcome } from './support/held-invoices';
import { issueInvoice } from './support/invoices';
import { expectLedger } from './support/ledger';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';

// Paystack end to end, driven only through its simulator: signed webhook → api-external → our invoice, found by the
// reference (issued first, as Pro does; metadata names nobody) → PaymentWorkflow →
// Paystack's verify (stand-in) → billing. The verify answer decides; the webhook alone never credits.
let h: Harness;
let parkId: string;
let walletId: string;
let linkUrl: string;
const sim = getSimulator('paystack')!;
const KEYS = { secretKey: `sk_test_${randomBytes(16).toString('hex')}` };
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
/** Working when its checkout is opened; fired before the payer pays. */
let FIRED: { park_id: string; id: string; display_name: string };
let seq = Date.now() % 1_000_000;
const nextRef = () => `TOPUP-E2E-${++seq}`;
/** A reference we issued: an invoice for the driver, initialized at the Paystack stand-in like Pro's. */
const issued = (driverId: string, amount: string) => issueInvoice(h, parkId, driverId, { walletId, amount });

const send = (
  operation: string,
  args: { txnId: string; account?: string; amount?: string; extra?: Record<string, string> },
  keys = KEYS,
  url = linkUrl,
) => simulate(sim, url, operation, { account: 'DRV-P1', amount: '10.45', currency: 'NGN', extra: {}, ...args }, keys);

const createWallet = (settings: Record<string, unknown>) =>
  walletWithLink(h, parkId, 'paystack', 'NGN', settings, KEYS);

const paystackControl = (path: string, body: unknown) =>
  fetch(`${h.config.PAYSTACK_API_URL}/_control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const chargeAtPaystack = (reference: string, amount: number, status = 'success', currency = 'NGN') =>
  paystackControl('/transactions', {
    secret_key: KEYS.secretKey,
    reference,
    amount,
    currency,
    status,
    metadata: { driver_id: 'DRV-P1' },
  });

const rows = (reference: string) => h.sys.db.transaction.findMany({ where: { parkId, walletId, pspTxnId: reference } });
const settled = (reference: string) =>
  eventually(
    () => rows(reference),
    (r) => r[0] !== undefined && r[0].state !== 'accepted',
  );
const creditedOnce = (driverId: string, balance: bigint) =>
  expectLedger(h, parkId, driverId, { credits: 1, records: 1, reversals: 0, balance });

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  ({ walletId, linkUrl } = await createWallet({ ipAllowList: LOOPBACK }));
  const drivers = ['DRV-P1', 'DRV-P2', 'DRV-P3', 'DRV-P4'].map((id) => ({ park_id: parkId, id, display_name: id }));
  FIRED = { park_id: parkId, id: 'DRV-PF', display_name: 'Fired Driver' };
  await seedDrivers(h.driverProfilesUrl, [...drivers, FIRED]);
  await seedDrivers(h.billingUrl, [...drivers, FIRED]);
});
afterAll(() => h?.close());
afterEach(() => clearFaults(h.config.PAYSTACK_API_URL));

describe('charge.success', () => {
  it('is answered 200 at once, verified with Paystack, and credits exactly 1045 kobo once', async () => {
    const ref = await issued('DRV-P1', '10.45');
    await chargeAtPaystack(ref, 1045);
    const { answer, result } = await send('pay', { txnId: ref });
    expect(answer.status).toBe(200);
    expect(result).toMatchObject({ ok: true, code: 'accepted' });
    const [row] = await settled(ref);
    expect(row).toMatchObject({
      state: 'processed',
      amountMinor: 1045n,
      currency: 'NGN',
      driverId: 'DRV-P1',
      verifyWithPsp: true,
    });
    await creditedOnce('DRV-P1', 1045n);
    const paystack = await standInState<{ verifications: Record<string, number> }>(h.config.PAYSTACK_API_URL);
    expect(paystack.verifications[ref]).toBeGreaterThanOrEqual(1);
  });

  it('repeated webhooks (Paystack retries, at once and later) give identical 200s and one credit', async () => {
    const ref = await issued('DRV-P2', '7.00');
    await chargeAtPaystack(ref, 700);
    const args = { txnId: ref, account: 'DRV-P2', amount: '7.00' };
    const first = await Promise.all(Array.from({ length: 10 }, () => send('pay', args)));
    expect(new Set(first.map((s) => `${s.answer.status} ${s.answer.body}`))).toEqual(
      new Set(['200 {"result":"accepted"}']),
    );
    await settled(ref);
    const later = await send('pay', args);
    expect(later.answer.body).toBe(first[0]!.answer.body);
    expect(await rows(ref)).toHaveLength(1);
    await creditedOnce('DRV-P2', 700n);
  });

  it.each([
    ['Paystack says the charge failed', 1045, 'failed', /status is failed/],
    ['Paystack charged another amount', 1000, 'success', /charged 1000 NGN, not 1045 NGN/],
  ])('%s: the payment is rejected and nothing is credited', async (_why, amount, status, reason) => {
    const ref = await issued('DRV-P3', '10.45');
    await chargeAtPaystack(ref, amount, status);
    const { result } = await send('pay', { txnId: ref, account: 'DRV-P3' });
    expect(result.ok).toBe(true);
    const [row] = await settled(ref);
    expect(row).toMatchObject({ state: 'rejected' });
    expect(row!.rejectReason).toMatch(reason);
    await expectLedger(h, parkId, 'DRV-P3', { credits: 0, records: 0, reversals: 0, balance: 0n });
  });

  it('Paystack unreachable for a while: the verify is retried, then the driver is credited once', async () => {
    const ref = await issued('DRV-P4', '2.50');
    await chargeAtPaystack(ref, 250);
    await setFaults(h.config.PAYSTACK_API_URL, { status: 503, times: 2, paths: ['/transaction/verify'] });
    await send('pay', { txnId: ref, account: 'DRV-P4', amount: '2.50' });
    const [row] = await settled(ref);
    expect(row!.state).toBe('processed');
    await creditedOnce('DRV-P4', 250n);
  });
});

describe('secrets', () => {
  it('the secret key reaches neither the logs nor the workflow history', async () => {
    const ref = await issued('DRV-P1', '1.00');
    await chargeAtPaystack(ref, 100);
    await send('pay', { txnId: ref, amount: '1.00' });
    const [row] = await settled(ref);
    expect(h.logs()).not.toContain(KEYS.secretKey);
    const history = await h.sys.temporal.workflow.getHandle(row!.workflowId).fetchHistory();
    expect(JSON.stringify(history)).not.toContain(KEYS.secretKey);
  });
});

describe('refusals: never a 5xx, never a transaction', () => {
  it('a checkout paid after its driver was fired is acknowledged (200 held), held for ops and never credited', async () => {
    const ref = await issued('DRV-PF', '1.00');
    await seedDrivers(h.driverProfilesUrl, [{ ...FIRED, status: 'fired' }]);
    await chargeAtPaystack(ref, 100);
    const args = { txnId: ref, account: 'DRV-PF', amount: '1.00' };
    const { answer } = await send('pay', args);

    const { progress, invoice } = await invoiceOutcome(h, parkId, ref);
    expect(progress.status).toBe('held');
    expect(invoice).toMatchObject({ status: 'held', paidAmountMinor: 100n, paidCurrency: 'NGN' });
    expect(invoice.failureReason).toMatch(/^driver_not_payable: .*\(driver_fired\)$/);
    // Paystack repeats any non-200 for 72 h; a repeat is acknowledged alike and changes nothing.
    expect((await send('pay', args)).answer.body).toBe('{"result":"held"}');
    expect(await rows(ref)).toHaveLength(0);
    await expectLedger(h, parkId, 'DRV-PF', { credits: 0, records: 0, reversals: 0, balance: 0n });
    // Checked once the money's fate is known: the answer alone said nothing of it.
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: '{"result":"held"}' });
    expect(await attentionEntry(h, parkId, ref)).toMatchObject({
      state: 'held',
      driverId: 'DRV-PF',
      amountMinor: '100',
      reason: expect.stringMatching(/^driver_not_payable/),
    });
  });

  it.each([
    ['a wrong signature', 'pay', {}, { secretKey: 'sk_test_not_the_wallets' }, 401, 'unauthorized'],
    ['a reference we never issued', 'pay', {}, KEYS, 422, 'unknown_payment'],
    ['an amount that is not whole subunits', 'pay', { amount: '10.455' }, KEYS, 422, 'bad_amount'],
    ['a body that is not JSON', 'raw', { extra: { body: '{"event":"charge.success",' } }, KEYS, 400, 'bad_request'],
  ])('%s', async (_why, operation, args, keys, status, code) => {
    const ref = nextRef();
    const { answer, result } = await send(operation, { txnId: ref, ...args }, keys);
    expect(answer.status).toBe(status);
    expect(result.code).toBe(code);
    expect(await rows(ref)).toHaveLength(0);
  });

  it('a body over the cap is refused with 413', async () => {
    const { answer } = await send('raw', {
      txnId: nextRef(),
      extra: { body: `{"pad":"${'x'.repeat(h.config.MAX_BODY_BYTES)}"}` },
    });
    expect(answer.status).toBe(413);
  });

  it('another event is acknowledged with 200 and does nothing', async () => {
    const ref = nextRef();
    const { answer, result } = await send('event', { txnId: ref, extra: { event: 'refund.processed' } });
    expect(answer.status).toBe(200);
    expect(result.code).toBe('ignored');
    expect(await rows(ref)).toHaveLength(0);
  });

  it("a wallet without its own allow-list admits only Paystack's published addresses", async () => {
    const fenced = await createWallet({});
    const { answer } = await send('pay', { txnId: nextRef() }, KEYS, fenced.linkUrl);
    expect(answer.status).toBe(403);
    expect(await h.sys.db.transaction.count({ where: { walletId: fenced.walletId } })).toBe(0);
  });
});
