import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';

// The QIWI provider protocol end to end: api-external → Postgres → Temporal → billing / fleet-transactions stand-ins.
let h: Harness;
let parkId: string;
let linkUrl: string;
let walletId: string;

const LOOPBACK = ['127.0.0.1/32', '::1/128'];
let txnSeq = Date.now() % 1_000_000_000;
const nextTxn = () => String(++txnSeq);

async function call(query: string, init: RequestInit = {}) {
  const res = await fetch(`${linkUrl}?${query}`, init);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

const transactionsOf = (pspTxnId: string) => h.sys.db.transaction.findMany({ where: { parkId, walletId, pspTxnId } });
/** The attempt number of every finished `creditDriver` activity in the payment's workflow history. */
async function creditAttempts(workflowId: string): Promise<number[]> {
  const events = (await h.sys.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const credits = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'creditDriver')
      .map((e) => String(e.eventId)),
  );
  return events
    .filter((e) => credits.has(String(e.activityTaskStartedEventAttributes?.scheduledEventId)))
    .map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 0);
}
const processed = (pspTxnId: string) =>
  eventually(
    () => transactionsOf(pspTxnId),
    (rows) => rows[0]?.state === 'processed',
  );

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  ({ linkUrl, walletId } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: LOOPBACK }));
  // One driver per scenario, so each test can assert on that driver's whole ledger.
  const drivers = [
    { park_id: parkId, id: 'DRV000123', display_name: 'Demo Driver' },
    { park_id: parkId, id: 'DRV000124', display_name: 'Second Driver' },
    { park_id: parkId, id: 'DRV000125', display_name: 'Third Driver' },
    { park_id: parkId, id: 'DRV000126', display_name: 'Fourth Driver', blocked: true },
    ...['DRV-MANY', 'DRV-409', 'DRV-OUT', 'DRV-FT-503', 'DRV-FT-LOST'].map((id) => ({
      park_id: parkId,
      id,
      display_name: id,
    })),
  ];
  await seedDrivers(h.driverProfilesUrl, [
    ...drivers.map(({ blocked: _blocked, ...d }) => d),
    { park_id: parkId, id: 'DRV-FIRED', display_name: 'Fired Driver', status: 'fired' },
  ]);
  await seedDrivers(h.billingUrl, [...drivers, { park_id: parkId, id: 'DRV-FIRED', display_name: 'Fired Driver' }]);
});
afterAll(() => h?.close());
afterEach(async () => {
  await clearFaults(h.billingUrl);
  await clearFaults(h.fleetTransactionsUrl);
});

describe('CHECK', () => {
  it('answers 0 for a driver of the park and 5 for an unknown one, without side effects', async () => {
    const txn = nextTxn();
    const known = await call(`command=check&txn_id=${txn}&account=DRV000123&sum=10.45`);
    expect(known.status).toBe(200);
    expect(known.type).toMatch(/xml/);
    expect(tag(known.body, 'result')).toBe('0');
    expect(tag(known.body, 'osmp_txn_id')).toBe(txn);

    const unknown = await call(`command=check&txn_id=${nextTxn()}&account=NOBODY&sum=10.45`);
    expect(tag(unknown.body, 'result')).toBe('5');
    expect(await transactionsOf(txn)).toHaveLength(0);
  });

  it('answers 7 for a fired driver: known to the park, but not to be paid', async () => {
    const res = await call(`command=check&txn_id=${nextTxn()}&account=DRV-FIRED&sum=10.45`);
    expect(tag(res.body, 'result')).toBe('7');
  });

  it('answers 4 for a malformed account', async () => {
    const res = await call(`command=check&txn_id=${nextTxn()}&account=${encodeURIComponent('DRV 1;DROP')}&sum=1.00`);
    expect(res.status).toBe(200);
    expect(tag(res.body, 'result')).toBe('4');
  });

  it('accepts the parameters as a form POST too', async () => {
    const res = await call('', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `command=check&txn_id=${nextTxn()}&account=DRV000123&sum=0.00`,
    });
    expect(tag(res.body, 'result')).toBe('0');
  });
});

describe('PAY', () => {
  it('accepts, answers with prv_txn and sum, and credits exactly 10.45 as 1045 minor units', async () => {
    const txn = nextTxn();
    const res = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000124&sum=10.45`);
    expect(res.status).toBe(200);
    expect(tag(res.body, 'result')).toBe('0');
    expect(tag(res.body, 'sum')).toBe('10.45');
    const [row] = await processed(txn);
    expect(tag(res.body, 'prv_txn')).toBe(row!.id.toString());
    expect(row!.amountMinor).toBe(1045n);
    expect(row!.pspPaidAt?.toISOString()).toBe('2024-03-25T11:06:00.000Z');
    await expectLedger(h, parkId, 'DRV000124', { credits: 1, records: 1, reversals: 0, balance: 1045n });
  });

  it('20 distinct PAYs at once into one wallet: each its own workflow, each processed, each credited once', async () => {
    const txns = Array.from({ length: 20 }, nextTxn);
    const answers = await Promise.all(
      txns.map((txn, i) => call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV-MANY&sum=${i + 1}.00`)),
    );
    expect(answers.map((a) => tag(a.body, 'result'))).toEqual(txns.map(() => '0'));
    const rows = () =>
      h.sys.db.transaction.findMany({ where: { parkId, walletId, driverId: 'DRV-MANY' }, orderBy: { id: 'asc' } });
    // Two payments sharing a workflow id would leave one of them `accepted` for good: no need to wait that out.
    expect(new Set((await rows()).map((r) => r.workflowId)).size).toBe(txns.length);
    await eventually(
      async () => (await rows()).map((r) => r.state),
      (states) => states.length === txns.length && states.every((s) => s === 'processed'),
      90_000,
    );
    // 1.00 + 2.00 + … + 20.00
    await expectLedger(h, parkId, 'DRV-MANY', { credits: 20, records: 20, reversals: 0, balance: 21000n });
  });

  it('50 concurrent repeats make one transaction, one credit, one record, and identical answers', async () => {
    const txn = nextTxn();
    const query = `command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000125&sum=7.00`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => call(query)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(tag(answers[0]!.body, 'result')).toBe('0');
    await processed(txn);
    expect(await transactionsOf(txn)).toHaveLength(1);
    await expectLedger(h, parkId, 'DRV000125', { credits: 1, records: 1, reversals: 0, balance: 700n });
    // A repeat after processing still gets the original answer.
    expect((await call(query)).body).toBe(answers[0]!.body);
  });

  it('refuses reuse of a PSP transaction id for a different payment', async () => {
    const txn = nextTxn();
    await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000123&sum=1.00`);
    const other = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000123&sum=2.00`);
    expect(tag(other.body, 'result')).toBe('300');
    expect(await transactionsOf(txn)).toHaveLength(1);
  });

  // A refusal retried as if billing were down would leave the payment `accepted` with the credit retried for ever.
  it.each([
    ['422 (the driver is blocked in billing)', 'DRV000126', undefined, /blocked/],
    ['409 (billing says conflict)', 'DRV-409', 409, /injected_fault/],
  ])(
    'a business refusal in billing, %s, rejects the payment in seconds after one attempt',
    async (_n, driver, status, why) => {
      if (status) await setFaults(h.billingUrl, { status, paths: ['/v1/credits'] });
      // The gateway's pre-check would refuse the blocked driver to the PSP; billing's account read is down here, so
      // the payment is taken and meets the refusal at the credit (the driver blocked after the answer).
      else await setFaults(h.billingUrl, { status: 503, paths: ['/v1/accounts'] });
      const txn = nextTxn();
      const res = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=${driver}&sum=3.00`);
      expect(tag(res.body, 'result')).toBe('0');
      const [row] = await eventually(
        () => transactionsOf(txn),
        (rows) => rows[0]?.state !== 'accepted',
        10_000,
      );
      expect(row!.state).toBe('rejected');
      expect(row!.rejectReason).toMatch(why);
      expect(await creditAttempts(row!.workflowId)).toEqual([1]);
      await expectLedger(h, parkId, driver, { credits: 0, records: 0, reversals: 0, balance: 0n });
    },
  );

  it('a driver blocked in billing gets 7 on PAY: no transaction, nothing credited', async () => {
    const txn = nextTxn();
    const res = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000126&sum=1.00`);
    expect(tag(res.body, 'result')).toBe('7');
    expect(await transactionsOf(txn)).toHaveLength(0);
  });

  it('a fired driver gets 7 on PAY: no transaction, nothing credited', async () => {
    const txn = nextTxn();
    const res = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV-FIRED&sum=1.00`);
    expect(tag(res.body, 'result')).toBe('7');
    expect(await transactionsOf(txn)).toHaveLength(0);
    await expectLedger(h, parkId, 'DRV-FIRED', { credits: 0, records: 0, reversals: 0, balance: 0n });
  });

  it.each([
    ['abc', '300'],
    ['10.455', '300'],
    ['1e3', '300'],
    ['-5.00', '241'],
    ['0.00', '241'],
    ['99999999999.00', '242'],
  ])('sum=%s is refused with result %s and no transaction', async (sum, code) => {
    const txn = nextTxn();
    const res = await call(
      `command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000123&sum=${encodeURIComponent(sum)}`,
    );
    expect(res.status).toBe(200);
    expect(tag(res.body, 'result')).toBe(code);
    expect(await transactionsOf(txn)).toHaveLength(0);
  });

  it('an unknown driver gets 5 on PAY and nothing is credited', async () => {
    const txn = nextTxn();
    const res = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=NOBODY&sum=1.00`);
    expect(tag(res.body, 'result')).toBe('5');
    expect(await transactionsOf(txn)).toHaveLength(0);
  });
});

describe('malformed and hostile calls', () => {
  it('a missing command or txn_id is a protocol error, not a 500', async () => {
    for (const q of [
      '',
      'command=launch&txn_id=1&account=DRV000123',
      'command=pay&account=DRV000123&sum=1.00',
      'command=pay&txn_id=abc&account=DRV000123&sum=1.00',
    ]) {
      const res = await call(q);
      expect(res.status).toBeLessThan(500);
      expect(tag(res.body, 'result')).toBe('300');
      expect(res.body).not.toMatch(/at .*\.ts|Error:/);
    }
  });

  it('an oversized body is refused with 413 in the protocol envelope', async () => {
    const res = await call('', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `command=pay&txn_id=1&account=DRV000123&sum=1.00&pad=${'x'.repeat(h.config.MAX_BODY_BYTES)}`,
    });
    expect(res.status).toBe(413);
    expect(tag(res.body, 'result')).toBe('300');
  });

  it('an unknown link is refused clearly and creates nothing', async () => {
    const res = await fetch(
      `${h.externalUrl}/psp/qiwi_qvp/not-a-real-secret?command=pay&txn_id=1&account=DRV000123&sum=1.00`,
    );
    expect(res.status).toBe(404);
    expect(tag(await res.text(), 'result')).toBe('300');
  });

  it('a link used with the wrong PSP route is refused', async () => {
    const res = await fetch(
      `${linkUrl.replace('/psp/qiwi_qvp/', '/psp/qiwi_md/')}?command=check&txn_id=1&account=DRV000123`,
    );
    expect(res.status).toBe(404);
  });

  it('a caller outside the wallet IP allow-list is refused without side effects', async () => {
    const fenced = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: ['79.142.16.0/20'] });
    const txn = nextTxn();
    const res = await fetch(
      `${fenced.linkUrl}?command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000123&sum=1.00`,
    );
    expect(tag(await res.text(), 'result')).toBe('7');
    expect(await h.sys.db.transaction.count({ where: { walletId: fenced.walletId } })).toBe(0);
  });

  it('a revoked link is refused from the next request on, and a new link works', async () => {
    const extra = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: LOOPBACK });
    const ok = await fetch(`${extra.linkUrl}?command=check&txn_id=1&account=DRV000123`);
    expect(tag(await ok.text(), 'result')).toBe('0');
    expect((await h.api('DELETE', `/v1/parks/${parkId}/wallets/${extra.walletId}/link`)).status).toBe(204);
    const refused = await fetch(`${extra.linkUrl}?command=check&txn_id=1&account=DRV000123`);
    expect(refused.status).toBe(404);
  });
});

describe('outages', () => {
  it('billing down: PAY is accepted at once, credited exactly once after billing recovers', async () => {
    await setFaults(h.billingUrl, { status: 503, times: 3, paths: ['/v1/credits'] });
    const txn = nextTxn();
    const started = Date.now();
    const res = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV-OUT&sum=5.50`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(tag(res.body, 'result')).toBe('0');
    const [row] = await processed(txn);
    const state = await standInState<{ requests: Record<string, number> }>(h.billingUrl);
    expect(state.requests[`fleet-payment:${parkId}:${row!.id}`]).toBeGreaterThanOrEqual(2);
    await expectLedger(h, parkId, 'DRV-OUT', { credits: 1, records: 1, reversals: 0, balance: 550n });
  });

  // A timed-out call may have been applied: only a key derived from the payment keeps its retry from a second record.
  it.each([
    ['failing with 503', 'DRV-FT-503', { status: 503, times: 3 }],
    ['applying calls whose answers time out', 'DRV-FT-LOST', { delay_ms: 2500, times: 2 }],
  ])('fleet-transactions %s: one record of the payment once it recovers', async (_n, driver, fault) => {
    await setFaults(h.fleetTransactionsUrl, { ...fault, paths: [`/v1/parks/${parkId}/transactions`] });
    const txn = nextTxn();
    const res = await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=${driver}&sum=4.20`);
    expect(tag(res.body, 'result')).toBe('0');
    await processed(txn);
    const fleet = await standInState<{ fault: unknown }>(h.fleetTransactionsUrl);
    expect(fleet.fault).toBeNull(); // every injected failure was met
    // The stand-in applies a delayed call after the answer was lost: give the last one time to land.
    await new Promise((r) => setTimeout(r, 'delay_ms' in fault ? fault.delay_ms : 0));
    await expectLedger(h, parkId, driver, { credits: 1, records: 1, reversals: 0, balance: 420n });
  });
});

describe('secrets', () => {
  it('the link secret never appears in logs or workflow history', async () => {
    const txn = nextTxn();
    await call(`command=pay&txn_id=${txn}&txn_date=20240325140600&account=DRV000123&sum=1.25`);
    const [row] = await processed(txn);
    const secret = new URL(linkUrl).pathname.split('/').pop()!;
    expect(h.logs()).not.toContain(secret);
    const history = await h.sys.temporal.workflow.getHandle(row!.workflowId).fetchHistory();
    expect(JSON.stringify(history)).not.toContain(secret);
  });
});
