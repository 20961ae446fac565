import { Prisma } from '../generated/prisma/client';
import { transactionPageSql, type TransactionRecord } from '../storage/transactions';
import { parseCsv } from './support/csv';
import { newParkId, startHarness, type Harness } from '../testkit/harness';

// Transactions of a park: filtered keyset pages, CSV export, one with its history, the driver's own view.
let h: Harness;
const parkId = newParkId();
const otherPark = newParkId();
const WALLET_NAME = 'Такси "Север", №1\nфилиал';
let walletA: string;
let walletB: string;
let otherWallet: string;
const all: TransactionRecord[] = [];
let otherTxn: TransactionRecord;
const DAY = 86_400_000;
const base = Date.parse('2026-10-01T00:00:00.000Z');

async function seed(
  park: string,
  walletId: string,
  psp: string,
  n: number,
  driverOf: (i: number) => string,
  txnPrefix: string,
) {
  const made: TransactionRecord[] = [];
  for (let i = 0; i < n; i++) {
    const { transaction } = await h.sys.transactions.accept({
      parkId: park,
      walletId,
      psp,
      pspTxnId: `${txnPrefix}${i}`,
      driverId: driverOf(i),
      amountMinor: BigInt(100 + i),
      currency: 'RUB',
      pspPaidAt: null,
      workflowId: `test:${walletId}:${i}`,
      hold: false,
      verifyWithPsp: false,
    });
    if (i % 3 === 1) await h.sys.transactions.finish(park, transaction.id, 'processed');
    if (i % 3 === 2)
      await h.sys.transactions.finish(park, transaction.id, 'rejected', 'driver_blocked: Блокирован, "навсегда"');
    // Spread over days, with ties on created_at every other row so the id breaks them.
    await h.sys.db.transaction.updateMany({
      where: { parkId: park, id: transaction.id },
      data: { createdAt: new Date(base + Math.floor(i / 2) * DAY) },
    });
    made.push((await h.sys.transactions.get(park, transaction.id))!);
  }
  return made;
}

const newestFirst = (a: TransactionRecord, b: TransactionRecord) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);
const ids = (rows: Array<{ id: bigint | string }>) => rows.map((r) => r.id.toString());

beforeAll(async () => {
  h = await startHarness({ worker: false });
  const create = async (park: string, psp: string, name: string, currency = 'RUB') =>
    (await h.api('POST', `/v1/parks/${park}/wallets`, { psp, name, currency })).body.id as string;
  walletA = await create(parkId, 'qiwi_qvp', WALLET_NAME);
  walletB = await create(parkId, 'qiwi_md', 'Second', 'MDL');
  otherWallet = await create(otherPark, 'qiwi_qvp', 'Other park');
  all.push(...(await seed(parkId, walletA, 'qiwi_qvp', 24, (i) => `DRV${i % 3}`, 'a')));
  all.push(...(await seed(parkId, walletB, 'qiwi_md', 9, (i) => (i === 0 ? '=HYPERLINK("x")' : `DRV${i % 2}`), 'b')));
  otherTxn = (await seed(otherPark, otherWallet, 'qiwi_qvp', 3, () => 'DRV0', 'o'))[0]!;
  all.sort(newestFirst);
});
afterAll(() => h?.close());

async function walk(path: string, as?: Parameters<Harness['api']>[3]) {
  const seen: any[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await h.api(
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      undefined,
      as,
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

describe('list', () => {
  it('walks every row of the park once, newest first, in stable keyset pages', async () => {
    const seen = await walk(`/v1/parks/${parkId}/transactions`);
    expect(ids(seen)).toEqual(ids(all));
    expect(seen[0]).toMatchObject({
      walletId: expect.any(String),
      amountMinor: expect.any(String),
      state: expect.any(String),
    });
  });

  it.each([
    ['state=processed', (t: TransactionRecord) => t.state === 'processed'],
    ['state=accepted,rejected', (t: TransactionRecord) => t.state !== 'processed'],
    ['psp=qiwi_md', (t: TransactionRecord) => t.psp === 'qiwi_md'],
    ['driverId=DRV1', (t: TransactionRecord) => t.driverId === 'DRV1'],
    [
      'from=2026-10-03T00:00:00Z&to=2026-10-06T00:00:00.000%2B00:00',
      (t: TransactionRecord) => t.createdAt.getTime() >= base + 2 * DAY && t.createdAt.getTime() < base + 5 * DAY,
    ],
    [
      'state=rejected&psp=qiwi_qvp&driverId=DRV2',
      (t: TransactionRecord) => t.state === 'rejected' && t.psp === 'qiwi_qvp' && t.driverId === 'DRV2',
    ],
  ])('filters %s', async (query, keep) => {
    const expected = ids(all.filter(keep));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(await walk(`/v1/parks/${parkId}/transactions?${query}`))).toEqual(expected);
  });

  it('filters by wallet', async () => {
    expect(ids(await walk(`/v1/parks/${parkId}/transactions?walletId=${walletB}`))).toEqual(
      ids(all.filter((t) => t.walletId === walletB)),
    );
    expect((await h.api('GET', `/v1/parks/${parkId}/transactions?walletId=${otherWallet}`)).body.items).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['state=lost', 'state'],
    ['psp=paypal', 'psp'],
    ['walletId=nope', 'walletId'],
    ['from=yesterday', 'from'],
    ['cursor=AAAA', 'cursor'],
    ['stat=processed', 'stat'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const res = await h.api('GET', `/v1/parks/${parkId}/transactions?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', field });
  });

  it('prunes to one partition: the page query names the park first', async () => {
    const cursor = { createdAt: all[5]!.createdAt, id: all[5]!.id };
    const sql = transactionPageSql(
      parkId,
      { states: ['processed'], driverId: 'DRV1', from: new Date(base) },
      cursor,
      50,
    );
    const [explained] = await h.sys.db.$queryRaw<Array<{ 'QUERY PLAN': unknown }>>(
      Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`,
    );
    const plan = explained!['QUERY PLAN'];
    const relations = new Set([...JSON.stringify(plan).matchAll(/"Relation Name":"([^"]+)"/g)].map((m) => m[1]));
    expect([...relations]).toHaveLength(1);
    expect([...relations][0]).toMatch(/^transactions_p\d{3}$/);
  });
});

describe('one transaction', () => {
  it('comes with its history of states and the workflow state (or why it is unavailable)', async () => {
    const rejected = all.find((t) => t.state === 'rejected')!;
    const res = await h.api('GET', `/v1/parks/${parkId}/transactions/${rejected.id}`);
    expect(res.status).toBe(200);
    expect(res.body.history.map((e: any) => [e.state, e.reason])).toEqual([
      ['accepted', null],
      ['rejected', 'driver_blocked: Блокирован, "навсегда"'],
    ]);
    expect(res.body.workflow).toHaveProperty('unavailable');
  });

  it("is not found through another park's path", async () => {
    expect((await h.api('GET', `/v1/parks/${parkId}/transactions/${otherTxn.id}`)).status).toBe(404);
    expect((await h.api('GET', `/v1/parks/${parkId}/transactions/abc`)).body).toMatchObject({
      error: 'invalid_request',
      field: 'id',
    });
  });
});

describe('driver view', () => {
  const driver = (driverId: string) => ({ parkId, role: 'driver' as const, driverId });

  it('shows a driver its own top-ups only, with their states and history', async () => {
    const path = `/v1/parks/${parkId}/drivers/DRV1/transactions`;
    const mine = all.filter((t) => t.driverId === 'DRV1');
    expect(ids(await walk(path, driver('DRV1')))).toEqual(ids(mine));
    expect(ids(await walk(path))).toEqual(ids(mine)); // the park's dispatcher too
    expect(ids(await walk(`${path}?state=processed`, driver('DRV1')))).toEqual(
      ids(mine.filter((t) => t.state === 'processed')),
    );
    const one = await h.api('GET', `${path}/${mine[0]!.id}`, undefined, driver('DRV1'));
    expect(one.status).toBe(200);
    expect(one.body.history[0].state).toBe('accepted');
  });

  it("refuses a driver another driver's data and the park's own routes", async () => {
    const other = all.find((t) => t.driverId === 'DRV2')!;
    expect(
      (await h.api('GET', `/v1/parks/${parkId}/drivers/DRV2/transactions`, undefined, driver('DRV1'))).status,
    ).toBe(403);
    const widened = await h.api(
      'GET',
      `/v1/parks/${parkId}/drivers/DRV1/transactions?driverId=DRV2`,
      undefined,
      driver('DRV1'),
    );
    expect(widened.body).toMatchObject({ error: 'invalid_request', field: 'driverId' });
    expect(
      (await h.api('GET', `/v1/parks/${parkId}/drivers/DRV1/transactions/${other.id}`, undefined, driver('DRV1')))
        .status,
    ).toBe(404);
    expect((await h.api('GET', `/v1/parks/${parkId}/transactions`, undefined, driver('DRV1'))).status).toBe(403);
    expect((await h.api('GET', `/v1/parks/${parkId}/transactions.csv`, undefined, driver('DRV1'))).status).toBe(403);
    expect((await h.api('GET', `/v1/parks/${parkId}/wallets`, undefined, driver('DRV1'))).status).toBe(403);
    expect(
      (
        await h.api('GET', `/v1/parks/${parkId}/drivers/DRV1/transactions`, undefined, {
          ...driver('DRV1'),
          parkId: otherPark,
        })
      ).status,
    ).toBe(403);
  });
});

describe('CSV export', () => {
  const download = async (query = '') => {
    const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/transactions.csv${query}`, {
      headers: { authorization: `Bearer ${await h.token({ parkId })}` },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    // The BOM is checked here and left out of the text (TextDecoder would drop it anyway).
    const bom = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      bom,
      text: bytes.subarray(bom ? 3 : 0).toString('utf8'),
    };
  };

  it('streams every row with the list filters, escaping commas, quotes, newlines and formulas, in UTF-8', async () => {
    const res = await download();
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect(res.bom).toBe(true);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'id',
      'created_at',
      'state',
      'reject_reason',
      'psp',
      'psp_txn_id',
      'wallet_id',
      'wallet_name',
      'driver_id',
      'amount',
      'currency',
      'amount_minor',
      'psp_paid_at',
      'updated_at',
    ]);
    expect(rows.map((r) => r[0])).toEqual(ids(all));
    const col = (name: string) => header!.indexOf(name);
    const byId = new Map(rows.map((r) => [r[0], r]));
    const first = all.find((t) => t.walletId === walletA && t.state === 'rejected')!;
    const row = byId.get(first.id.toString())!;
    expect(row[col('wallet_name')]).toBe(WALLET_NAME);
    expect(row[col('reject_reason')]).toBe('driver_blocked: Блокирован, "навсегда"');
    expect(row[col('amount')]).toBe((Number(first.amountMinor) / 100).toFixed(2));
    expect(res.text).toContain('"Такси ""Север"", №1\nфилиал"');
    const formula = all.find((t) => t.driverId.startsWith('='))!;
    expect(byId.get(formula.id.toString())![col('driver_id')]).toBe(`'=HYPERLINK("x")`);
  });

  it('applies the same filters and validation', async () => {
    const [, ...rows] = parseCsv((await download(`?state=processed&walletId=${walletA}`)).text);
    expect(rows.map((r) => r[0])).toEqual(ids(all.filter((t) => t.state === 'processed' && t.walletId === walletA)));
    expect((await download('?state=nope')).status).toBe(400);
    const [, ...none] = parseCsv((await download('?from=2030-01-01T00:00:00Z')).text);
    expect(none).toEqual([]);
  });
});
