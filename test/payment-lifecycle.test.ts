import { randomUUID } from 'node:crypto';
import type { PaymentDesk } from '../application/payment-desk';
import type { Outcome, PayCommand, WalletContext } from '../psp/types';
import { deskOf, eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { expectLedger, ledgerOf, type ExpectedLedger, type LedgerSnapshot } from './support/ledger';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';

// The payment life cycle behind every PSP: held payments, confirms, cancels before and after the credit, PSP verification.
let h: Harness;
let desk: PaymentDesk;
let wallet: WalletContext;
const DRIVER = 'DRV-LIFE';

beforeAll(async () => {
  h = await startHarness();
  desk = deskOf(h);
  const parkId = newParkId();
  wallet = { id: randomUUID(), parkId, psp: 'easypay', currency: 'RUB', settings: {}, credentials: {} };
  const driver = { park_id: parkId, id: DRIVER, display_name: 'Life Cycle' };
  await seedDrivers(h.billingUrl, [driver]);
});
afterAll(() => h?.close());
afterEach(() => clearFaults(h.billingUrl));
// Every test pays the same driver: each asserts what it added to the driver's whole ledger.
let before: LedgerSnapshot;
beforeEach(async () => {
  before = await ledgerOf(h, wallet.parkId, DRIVER);
});
const expectAdded = (added: ExpectedLedger) => expectLedger(h, wallet.parkId, DRIVER, added, before);

let seq = 0;
const pay = (extra: Partial<PayCommand> = {}): PayCommand => ({
  kind: 'pay',
  pspTxnId: `life-${Date.now()}-${++seq}`,
  account: DRIVER,
  amountMinor: 500n,
  ...extra,
});
const row = (pspTxnId: string) => h.sys.transactions.byKey(wallet.parkId, wallet.id, pspTxnId);
const settled = (pspTxnId: string) =>
  eventually(
    () => row(pspTxnId),
    (t) => t?.state !== 'accepted',
    60_000,
  );
const keyOf = (prvTxn: string) => `fleet-payment:${wallet.parkId}:${prvTxn}`;
const prvOf = (o: Outcome) => (o.kind === 'pay_accepted' ? o.payment.prvTxn : '');

it('a held payment is not credited until the PSP confirms, then exactly once', async () => {
  const cmd = pay({ hold: true });
  const accepted = await desk.accept(wallet, cmd);
  expect(accepted).toMatchObject({ kind: 'pay_accepted', repeat: false });
  await new Promise((r) => setTimeout(r, 1500));
  expect((await row(cmd.pspTxnId))!.state).toBe('accepted');
  await expectAdded({ credits: 0, records: 0, reversals: 0, balance: 0n });

  const confirmed = await desk.confirm(wallet, { prvTxn: prvOf(accepted) });
  expect(confirmed).toMatchObject({ kind: 'confirmed', repeat: false });
  expect(await desk.confirm(wallet, { prvTxn: prvOf(accepted) })).toMatchObject({ kind: 'confirmed', repeat: true });
  expect((await settled(cmd.pspTxnId))!.state).toBe('processed');
  await expectAdded({ credits: 1, records: 1, reversals: 0, balance: 500n });
});

it('a held payment cancelled before confirm is never credited', async () => {
  const cmd = pay({ hold: true });
  const accepted = await desk.accept(wallet, cmd);
  expect(await desk.cancel(wallet, { prvTxn: prvOf(accepted) })).toMatchObject({ kind: 'cancelled', repeat: false });
  expect(await desk.confirm(wallet, { prvTxn: prvOf(accepted) })).toMatchObject({
    kind: 'refused',
    reason: 'not_confirmable',
  });
  const t = await settled(cmd.pspTxnId);
  expect(t).toMatchObject({ state: 'rejected', rejectReason: 'cancelled by the PSP' });
  await expectAdded({ credits: 0, records: 0, reversals: 0, balance: 0n });
});

it('a cancel after the credit reverses it once, in billing and in fleet-transactions', async () => {
  const cmd = pay();
  await desk.accept(wallet, cmd);
  expect((await settled(cmd.pspTxnId))!.state).toBe('processed');

  const [first, again] = [
    await desk.cancel(wallet, { pspTxnId: cmd.pspTxnId }),
    await desk.cancel(wallet, { pspTxnId: cmd.pspTxnId }),
  ];
  expect(first).toMatchObject({ kind: 'cancelled', repeat: false });
  expect(again).toMatchObject({ kind: 'cancelled', repeat: true });
  const t = await eventually(
    () => row(cmd.pspTxnId),
    (r) => r?.state === 'rejected',
  );
  expect(t!.rejectReason).toMatch(/reversed/);
  await expectAdded({ credits: 1, records: 1, reversals: 1, balance: 0n });
});

it('a cancel arriving while billing is crediting still ends reversed, never credited and kept', async () => {
  await setFaults(h.billingUrl, { delay_ms: 2000, times: 1, paths: ['/v1/credits'] });
  const cmd = pay();
  const accepted = await desk.accept(wallet, cmd);
  await eventually(
    () => standInState<{ requests: Record<string, number> }>(h.billingUrl),
    (s) => (s.requests[keyOf(prvOf(accepted))] ?? 0) >= 1,
  );
  await desk.cancel(wallet, { pspTxnId: cmd.pspTxnId });
  const t = await settled(cmd.pspTxnId);
  expect(t!.state).toBe('rejected');
  // Billing had the credit request when the cancel came: it is applied, then taken back.
  await expectAdded({ credits: 1, records: 1, reversals: 1, balance: 0n });
  expect(t!.rejectReason).toMatch(/reversed/);
});

it('a payment that asks for PSP verification is rejected when no verifier vouches for it', async () => {
  const cmd = pay({ verifyWithPsp: true });
  await desk.accept(wallet, cmd);
  const t = await settled(cmd.pspTxnId);
  expect(t!.state).toBe('rejected');
  expect(t!.rejectReason).toMatch(/verification/);
  await expectAdded({ credits: 0, records: 0, reversals: 0, balance: 0n });
});

it('status, statement and unknown payments', async () => {
  const cmd = pay();
  await desk.accept(wallet, cmd);
  await settled(cmd.pspTxnId);
  expect(await desk.status(wallet, { pspTxnId: cmd.pspTxnId })).toMatchObject({
    kind: 'status',
    payment: { state: 'processed', amountMinor: 500n },
  });
  expect(await desk.status(wallet, { pspTxnId: 'nope' })).toMatchObject({ kind: 'refused', reason: 'unknown_payment' });
  expect(await desk.status(wallet, { prvTxn: 'not-a-number' })).toMatchObject({
    kind: 'refused',
    reason: 'unknown_payment',
  });
  const other: WalletContext = { ...wallet, id: randomUUID() };
  expect(await desk.status(other, { pspTxnId: cmd.pspTxnId })).toMatchObject({
    kind: 'refused',
    reason: 'unknown_payment',
  });

  const statement = await desk.statement(wallet, new Date(Date.now() - 3600_000), new Date(Date.now() + 60_000));
  expect(statement.kind).toBe('statement');
  const ids = statement.kind === 'statement' ? statement.payments.map((p) => p.pspTxnId) : [];
  expect(ids).toContain(cmd.pspTxnId);
  expect(
    statement.kind === 'statement' && statement.payments.every((p) => p.state === 'processed' && !p.cancelledAt),
  ).toBe(true);
});
