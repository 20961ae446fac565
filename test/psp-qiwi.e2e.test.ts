import { randomBytes } from 'node:crypto';
import { getSimulator, simulate } from '../psp/simulators';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { setQiwiBillStatus } from '../testkit/psp-stand-ins';
import { attentionEntry, invoiceOutcome } from './support/held-invoices';
import { issueInvoice } from './support/invoices';
import { expectLedger, ledgerOf } from './support/ledger';
import { seedDrivers } from '../testkit/neighbours';

// QIWI Pull REST API v2 notifications end to end, driven only through the simulator: a form POST authenticated by
// X-Api-Signature or Basic → api-external → our invoice, found by bill_id → PaymentWorkflow → billing; answered with
// QIWI's XML result codes. Each paid bill is an invoice issued first: the payer comes from it, never from the comment.
let h: Harness;
let parkId: string;
let walletId: string;
let linkUrl: string;
const sim = getSimulator('qiwi')!;
const KEYS = { login: '24274', password: randomBytes(12).toString('hex') };
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
let seq = Date.now() % 1_000_000;
const nextBill = () => `BILL-E2E-${++seq}`;
const API = { prv_id: '24274', api_id: 'api-24274', api_password: 'api-secret' };
const QIWI_OK = '<?xml version="1.0"?><result><result_code>0</result_code></result>';
/** Working when its bill is issued; fired before the payer pays. */
let FIRED: { park_id: string; id: string; display_name: string };
/** A bill we issued: an invoice for the driver, created at the QIWI stand-in like Pro's. */
const issued = (driverId: string, amount: string) =>
  issueInvoice(h, parkId, driverId, { walletId, amount, phone: '+79031811737' });

const send = (
  operation: string,
  args: { txnId: string; account?: string; amount?: string; extra?: Record<string, string> },
  keys = KEYS,
  url = linkUrl,
) => simulate(sim, url, operation, { account: 'DRV-Q1', amount: '10.45', currency: 'RUB', extra: {}, ...args }, keys);

const createWallet = (settings: Record<string, unknown>) =>
  walletWithLink(h, parkId, 'qiwi', 'RUB', settings, { ...KEYS, apiId: API.api_id, apiPassword: API.api_password });

const rows = (billId: string) => h.sys.db.transaction.findMany({ where: { parkId, walletId, pspTxnId: billId } });
const processed = (billId: string) =>
  eventually(
    () => rows(billId),
    (r) => r[0]?.state === 'processed',
  );

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  await fetch(`${h.config.QIWI_API_URL}/_control/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(API),
  });
  ({ walletId, linkUrl } = await createWallet({ ipAllowList: LOOPBACK, prvId: '24274' }));
  const drivers = ['DRV-Q1', 'DRV-Q2', 'DRV-Q3'].map((id) => ({ park_id: parkId, id, display_name: id }));
  FIRED = { park_id: parkId, id: 'DRV-QF', display_name: 'Fired Driver' };
  await seedDrivers(h.driverProfilesUrl, [...drivers, FIRED]);
  await seedDrivers(h.billingUrl, [...drivers, FIRED]);
});
afterAll(() => h?.close());

describe('a paid bill', () => {
  it.each(['notify', 'notify-basic'])('(%s) is answered result_code 0 and credited exactly once', async (operation) => {
    const bill = await issued('DRV-Q1', '10.45');
    const before = await ledgerOf(h, parkId, 'DRV-Q1');
    const { answer, result } = await send(operation, { txnId: bill, amount: '10.45' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/text\/xml/);
    expect(result).toMatchObject({ ok: true, code: '0' });
    const [row] = await processed(bill);
    expect(row).toMatchObject({ amountMinor: 1045n, currency: 'RUB', driverId: 'DRV-Q1', verifyWithPsp: false });
    await expectLedger(h, parkId, 'DRV-Q1', { credits: 1, records: 1, reversals: 0, balance: 1045n }, before);
  });

  it('repeated notifications (QIWI retries) get the identical answer and one credit', async () => {
    const bill = await issued('DRV-Q2', '7.00');
    const args = { txnId: bill, account: 'DRV-Q2', amount: '7.00' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => send('notify', args)));
    expect(new Set(answers.map((s) => `${s.answer.status} ${s.answer.body}`)).size).toBe(1);
    expect(answers[0]!.result.code).toBe('0');
    await processed(bill);
    expect((await send('notify', args)).answer.body).toBe(answers[0]!.answer.body);
    expect(await rows(bill)).toHaveLength(1);
    await expectLedger(h, parkId, 'DRV-Q2', { credits: 1, records: 1, reversals: 0, balance: 700n });
  });

  it('the notification password never reaches the logs', async () => {
    await send('notify-basic', { txnId: await issued('DRV-Q1', '0.50'), amount: '0.50' });
    expect(h.logs()).not.toContain(KEYS.password);
  });

  it('the same bill id with another amount is refused and changes nothing', async () => {
    const bill = await issued('DRV-Q3', '1.00');
    await send('notify', { txnId: bill, account: 'DRV-Q3', amount: '1.00' });
    const other = await send('notify', { txnId: bill, account: 'DRV-Q3', amount: '2.00' });
    expect(other.result.code).toBe('5');
    expect(await rows(bill)).toHaveLength(1);
  });
});

describe('refusals: QIWI XML, never a 5xx, never a transaction', () => {
  it('a bill paid after its driver was fired is acknowledged (0), held for ops and never credited', async () => {
    const bill = await issued('DRV-QF', '1.00');
    await seedDrivers(h.driverProfilesUrl, [{ ...FIRED, status: 'fired' }]);
    // The payer pays at QIWI: the notification and the workflow's own poll may both see it.
    await setQiwiBillStatus(h.config.QIWI_API_URL, { prv_id: API.prv_id, bill_id: bill, status: 'paid' });
    const args = { txnId: bill, account: 'DRV-QF', amount: '1.00' };
    const { answer } = await send('notify', args);

    const { progress, invoice } = await invoiceOutcome(h, parkId, bill);
    expect(progress.status).toBe('held');
    expect(invoice).toMatchObject({ status: 'held', paidAmountMinor: 100n, paidCurrency: 'RUB' });
    expect(invoice.failureReason).toMatch(/^driver_not_payable: .*\(driver_fired\)$/);
    // QIWI repeats what it considers failed; a repeat is acknowledged alike and changes nothing.
    expect((await send('notify', args)).answer.body).toBe(QIWI_OK);
    expect(await rows(bill)).toHaveLength(0);
    await expectLedger(h, parkId, 'DRV-QF', { credits: 0, records: 0, reversals: 0, balance: 0n });
    // Checked once the money's fate is known: the answer alone said nothing of it.
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: QIWI_OK });
    expect(await attentionEntry(h, parkId, bill)).toMatchObject({
      state: 'held',
      driverId: 'DRV-QF',
      amountMinor: '100',
      reason: expect.stringMatching(/^driver_not_payable/),
    });
  });

  it.each([
    ['a wrong signature', 'notify', {}, { ...KEYS, password: 'wrong' }, '151'],
    ['wrong Basic credentials', 'notify-basic', {}, { ...KEYS, password: 'wrong' }, '150'],
    ['a bill we never issued', 'notify', {}, KEYS, '5'],
    ['an amount with three decimals', 'notify', { amount: '10.455' }, KEYS, '5'],
    ['an amount that is not a number', 'notify', { amount: 'ten' }, KEYS, '5'],
    ['a body that is no notification', 'raw', { extra: { body: 'hello=world' } }, KEYS, '5'],
  ])('%s', async (_why, operation, args, keys, code) => {
    const bill = nextBill();
    const { answer, result } = await send(operation, { txnId: bill, ...args }, keys);
    expect(answer.status).toBe(200);
    expect(result.code).toBe(code);
    expect(await rows(bill)).toHaveLength(0);
  });

  it('a body over the cap is refused with 413 in the XML envelope', async () => {
    const { answer, result } = await send('notify', {
      txnId: nextBill(),
      extra: { pad: 'x'.repeat(h.config.MAX_BODY_BYTES) },
    });
    expect(answer.status).toBe(413);
    expect(result.code).toBe('5');
  });

  it('a bill that was rejected or expired is acknowledged with 0 and does nothing', async () => {
    for (const status of ['rejected', 'expired', 'waiting']) {
      const bill = nextBill();
      const { result } = await send('notify', { txnId: bill, extra: { status } });
      expect(result.code).toBe('0');
      expect(await rows(bill)).toHaveLength(0);
    }
  });

  it("a wallet without its own allow-list admits only QIWI's documented subnets", async () => {
    const fenced = await createWallet({ prvId: '24274' });
    const { answer, result } = await send('notify', { txnId: nextBill() }, KEYS, fenced.linkUrl);
    expect(answer.status).toBe(200);
    expect(result.code).toBe('150');
    expect(await h.sys.db.transaction.count({ where: { walletId: fenced.walletId } })).toBe(0);
  });
});
