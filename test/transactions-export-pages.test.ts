import { get, type IncomingMessage } from 'node:http';
import { parseCsv } from './support/csv';
import { newParkId, startHarness, type Harness } from '../testkit/harness';

// The CSV export across its 1000-row pages: every row once, newest first, ties on created_at broken by id on both sides
// of a page boundary, instants and amounts exactly as the list API gives them, and no page read the client is not taking.
let h: Harness;
const parkId = newParkId();
const ROWS = 2_345;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, { psp: 'qiwi_qvp', name: 'Main', currency: 'RUB' });
  // Three rows per millisecond instant, so ties straddle the page boundaries at rows 1000 and 2000.
  await h.sys.db.$executeRaw`
    INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, state, workflow_id, created_at, updated_at, psp_paid_at)
    SELECT ${parkId}, ${wallet.body.id}::uuid, 'qiwi_qvp', 'pages-' || g, 'DRV' || (g % 7), 9007199254740990 + g, 'RUB', 'processed',
           'payment:pages:' || g, timestamptz '2026-10-01 12:00:00.123Z' - (g / 3) * interval '1.001 second', now(),
           CASE WHEN g % 2 = 0 THEN timestamptz '2026-09-30 23:59:59.999Z' END
    FROM generate_series(1, ${ROWS}::int) AS g`;
}, 60_000);
afterAll(() => h?.close());

it('writes every row once, in the list order, with the list values, across page boundaries', async () => {
  const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/transactions.csv`, {
    headers: { authorization: `Bearer ${await h.token({ parkId })}` },
  });
  expect(res.status).toBe(200);
  const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
  const col = (name: string) => header!.indexOf(name);

  const listed: any[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const page = await h.api('GET', `/v1/parks/${parkId}/transactions?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    listed.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  expect(listed).toHaveLength(ROWS);
  expect(rows).toHaveLength(ROWS);
  expect(rows.map((r) => r[col('id')])).toEqual(listed.map((t) => t.id));
  expect(rows.map((r) => [r[col('created_at')], r[col('psp_paid_at')], r[col('updated_at')]])).toEqual(
    listed.map((t) => [t.createdAt, t.pspPaidAt ?? '', t.updatedAt]),
  );
  expect(rows.map((r) => r[col('amount_minor')])).toEqual(listed.map((t) => t.amountMinor));
  // Above 2^53 minor units: exact, not a float's neighbour.
  for (const r of rows) {
    const minor = r[col('amount_minor')]!;
    expect(r[col('amount')]).toBe(`${minor.slice(0, -2)}.${minor.slice(-2)}`);
  }
});

it('reads no further ahead than the client takes: a stalled download stops the page reads', async () => {
  const stalledPark = newParkId();
  const wallet = await h.api('POST', `/v1/parks/${stalledPark}/wallets`, {
    psp: 'qiwi_qvp',
    name: 'M',
    currency: 'RUB',
  });
  const BIG = 100_000;
  // Finished payments: accepted rows with no workflow would be work for the payment sweep of every later test.
  await h.sys.db.$executeRaw`
    INSERT INTO transactions (park_id, wallet_id, psp, psp_txn_id, driver_id, amount_minor, currency, state, workflow_id, created_at, updated_at)
    SELECT ${stalledPark}, ${wallet.body.id}::uuid, 'qiwi_qvp', 'stall-' || g, 'DRV' || g, g, 'RUB', 'processed',
           'payment:stall:' || g, now() - g * interval '1 second', now()
    FROM generate_series(1, ${BIG}::int) AS g`;
  const store = h.sys.transactions;
  const readPage = store.exportPage;
  let pagesRead = 0;
  store.exportPage = (...args) => {
    pagesRead++;
    return readPage(...args);
  };
  try {
    const token = await h.token({ parkId: stalledPark });
    const res = await new Promise<IncomingMessage>((done) =>
      get(
        `${h.internalUrl}/v1/parks/${stalledPark}/transactions.csv`,
        { headers: { authorization: `Bearer ${token}` } },
        done,
      ),
    );
    res.pause();
    await new Promise((r) => setTimeout(r, 1500));
    const whileStalled = pagesRead;
    let lines = 0;
    res.on('data', (chunk: Buffer) => {
      for (const b of chunk) if (b === 0x0a) lines++;
    });
    await new Promise((done) => res.on('end', done).resume());
    expect(lines).toBe(BIG + 1);
    expect(pagesRead).toBe(BIG / 1000 + 1);
    // What the socket buffers hold, plus the page read ahead; not the export (100 pages).
    expect(whileStalled).toBeLessThan(20);
  } finally {
    store.exportPage = readPage;
  }
}, 60_000);
