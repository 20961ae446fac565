import { randomUUID } from 'node:crypto';
import type { PaymentDesk } from '../application/payment-desk';
import type { PayCommand, WalletContext } from '../psp/types';
import { deskOf, eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';
import { expectLedger } from './support/ledger';
import { scrape, valueOf } from './support/metrics-text';

// A payment the PSP was told succeeded but billing refused: listed for ops and for its park, then re-driven (credited
// once however often asked) or settled with a note; either is in the transaction's history.
let h: Harness;
let desk: PaymentDesk;
let wallet: WalletContext;
const DRIVER = 'DRV-ATTN';
const OPS = { role: 'ops' as const, parkId: 'ops-console' };
const nothing = { credits: 0, records: 0, reversals: 0, balance: 0n };

beforeAll(async () => {
  h = await startHarness();
  desk = deskOf(h);
});
afterAll(() => h?.close());

/** A fresh park whose driver billing blocks after the PSP's PAY was answered: the refusal comes from the credit. */
beforeEach(async () => {
  wallet = { id: randomUUID(), parkId: newParkId(), psp: 'qiwi_qvp', currency: 'RUB', settings: {}, credentials: {} };
  await seedDrivers(h.billingUrl, [
    { park_id: wallet.parkId, id: DRIVER, display_name: 'Attention', currency: 'RUB', blocked: true },
  ]);
});
const unblock = () =>
  seedDrivers(h.billingUrl, [{ park_id: wallet.parkId, id: DRIVER, display_name: 'Attention', blocked: false }]);

async function refusedPayment(pspTxnId: string): Promise<string> {
  const cmd: PayCommand = { kind: 'pay', pspTxnId, account: DRIVER, amountMinor: 2550n };
  const outcome = await desk.accept(wallet, cmd);
  if (outcome.kind !== 'pay_accepted') throw new Error(`PAY → ${outcome.kind}`);
  const id = outcome.payment.prvTxn;
  await eventually(
    () => h.sys.transactions.get(wallet.parkId, BigInt(id)),
    (t) => t?.state === 'rejected',
  );
  return id;
}

const opsList = async () => (await h.api('GET', '/v1/ops/payments?attention=true&limit=500', undefined, OPS)).body;
const parkList = async () => (await h.api('GET', `/v1/parks/${wallet.parkId}/payments?attention=true`)).body;
const redrive = (transactionId: string) =>
  h.api('POST', '/v1/ops/payment-redrives', { parkId: wallet.parkId, transactionId }, OPS);
const settle = (transactionId: string, note: string) =>
  h.api('POST', '/v1/ops/payment-settlements', { parkId: wallet.parkId, transactionId, note }, OPS);
const history = async (id: string) =>
  (await h.api('GET', `/v1/parks/${wallet.parkId}/transactions/${id}`)).body.history as Array<{
    state: string;
    reason: string | null;
  }>;
const result = (workflowId: string) => h.sys.temporal.workflow.getHandle(workflowId).result();
/** Ops' actions as the transition metric counts them: moves out of the needs-attention queue. */
const leftAttention = async (to: 'processed' | 'rejected') =>
  valueOf(await scrape(h.internalUrl), 'payment_transitions_total', { from: 'attention', to });

it('a billing-refused payment is listed for ops and for its park, with the reason', async () => {
  const id = await refusedPayment('attn-listed');
  const item = { id, parkId: wallet.parkId, driverId: DRIVER, amountMinor: '2550', state: 'rejected', action: null };
  const reason = expect.stringMatching(/^billing refused the credit: driver_blocked/);
  expect((await opsList()).items).toContainEqual(expect.objectContaining({ ...item, reason }));
  expect((await parkList()).items).toEqual([expect.objectContaining({ ...item, reason })]);
  await expectLedger(h, wallet.parkId, DRIVER, nothing);
});

it('only `attention=true` is a list: the queue is not a second transactions API', async () => {
  const res = await h.api('GET', `/v1/parks/${wallet.parkId}/payments`);
  expect(res).toMatchObject({ status: 400, body: { field: 'attention' } });
});

it('a re-drive refused again keeps it open; after the fix, two re-drives credit it exactly once', async () => {
  const id = await refusedPayment('attn-redrive');
  const countedBefore = [await leftAttention('processed'), await leftAttention('rejected')];
  const refused = await redrive(id);
  expect(refused.status).toBe(202);
  await expect(result(refused.body.workflowId)).rejects.toThrow();
  expect((await parkList()).items).toEqual([expect.objectContaining({ id, action: null })]);

  await unblock();
  const [a, b] = await Promise.all([redrive(id), redrive(id)]);
  expect([a.status, b.status]).toEqual([202, 202]);
  expect(b.body.workflowId).toBe(a.body.workflowId);
  await expect(result(a.body.workflowId)).resolves.toBe('credited');
  expect((await redrive(id)).status).toBe(202); // asked again after it finished: nothing more happens
  await new Promise((r) => setTimeout(r, 500));

  await expectLedger(h, wallet.parkId, DRIVER, { credits: 1, records: 1, reversals: 0, balance: 2550n });
  expect((await h.sys.transactions.get(wallet.parkId, BigInt(id)))?.state).toBe('processed');
  // Counted once: not the refused run, not the joined start, not the one asked after it finished.
  expect([await leftAttention('processed'), await leftAttention('rejected')]).toEqual([
    countedBefore[0]! + 1,
    countedBefore[1],
  ]);
  expect((await parkList()).items).toEqual([]);
  expect((await opsList()).items.map((i: { id: string }) => i.id)).not.toContain(id);
  expect((await history(id)).map((e) => `${e.state}: ${e.reason?.replace(/:.*$/, '') ?? ''}`)).toEqual([
    'accepted: ',
    'rejected: driver_blocked',
    'rejected: re-drive refused',
    'processed: re-driven by ops',
  ]);
  // Settled is no longer possible: the driver has the money.
  expect((await settle(id, 'too late')).status).toBe(409);
});

it('settle marks it refunded with the note, once, removes it from the lists, and a re-drive is then refused', async () => {
  const id = await refusedPayment('attn-settle');
  const note = 'refunded by the park in cash, ticket OPS-1042';
  const countedBefore = [await leftAttention('processed'), await leftAttention('rejected')];
  const [a, b] = await Promise.all([settle(id, note), settle(id, note)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect((await settle(id, 'another note')).status).toBe(200);
  // The row was `rejected` before and after; leaving the queue is what counts, once.
  expect([await leftAttention('processed'), await leftAttention('rejected')]).toEqual([
    countedBefore[0],
    countedBefore[1]! + 1,
  ]);
  const events = await history(id);
  expect(events.filter((e) => e.reason?.startsWith('settled'))).toEqual([
    expect.objectContaining({ state: 'rejected', reason: `settled outside the system by ops: ${note}` }),
  ]);
  expect((await parkList()).items).toEqual([]);
  expect((await opsList()).items.map((i: { id: string }) => i.id)).not.toContain(id);

  await unblock();
  expect((await redrive(id)).status).toBe(409);
  await expectLedger(h, wallet.parkId, DRIVER, nothing);
});

it('a payment that never needed attention can be neither re-driven nor settled', async () => {
  await unblock();
  const outcome = await desk.accept(wallet, { kind: 'pay', pspTxnId: 'attn-fine', account: DRIVER, amountMinor: 100n });
  if (outcome.kind !== 'pay_accepted') throw new Error(outcome.kind);
  const id = outcome.payment.prvTxn;
  await eventually(
    () => h.sys.transactions.get(wallet.parkId, BigInt(id)),
    (t) => t?.state === 'processed',
  );
  expect((await redrive(id)).status).toBe(409);
  expect((await settle(id, 'no')).status).toBe(409);
  expect((await redrive('999999999999')).status).toBe(404);
  await expectLedger(h, wallet.parkId, DRIVER, { credits: 1, records: 1, reversals: 0, balance: 100n });
});
