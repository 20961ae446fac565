import { randomUUID } from 'node:crypto';
import { newParkId, startHarness, walletWithLink, type Caller, type Harness } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';
import { devToken } from '../testkit/tokens';
import { signServiceToken } from '../api-internal/tokens';

// The full cross-park matrix: every route of the OpenAPI document, called by park A's callers on park B's objects.
let h: Harness;
const A = newParkId();
const B = newParkId();
const tag = randomUUID().slice(0, 8);
const bDriver = `DRV-B-${tag}`;
const bWalletName = `B wallet ${tag}`;
let bWallet: string;
let bLinkUrl: string;
let bTxn: string;
let bInvoice: string;
let bHeldInvoice: string;
let operations: Array<{ id: string; method: string; path: string }>;

/** Strings only park B's objects contain: none may show up in an answer to park A's callers. */
const bEmail = `b-${tag}@park-b.example`;
const bMarkers = () => [bWallet, bWalletName, bDriver, `psp-b-${tag}`, bEmail, bInvoice, bHeldInvoice];

const BODIES: Record<string, unknown> = {
  createWallet: { psp: 'qiwi_qvp', name: 'made by A', currency: 'RUB' },
  updateWallet: { name: 'renamed by A', enabled: false, credentials: { stolen: 'no' } },
  putNotificationSettings: { emails: ['a-took-over@park-a.example'] },
  issueInvoice: () => ({ walletId: bWallet, amount: '1.00', phone: '+79031811737' }),
};
/** Routes whose body (not path) names one of B's objects: A's callers find none (404). */
const NAMES_B_IN_BODY = new Set(['issueInvoice']);
const bodyOf = (id: string) => {
  const body = BODIES[id];
  return typeof body === 'function' ? (body as () => unknown)() : body;
};
/** Query strings a route needs to answer at all (e.g. the needs-attention list takes only `attention=true`). */
const QUERIES: Record<string, string> = { listParkPaymentsNeedingAttention: '?attention=true' };

beforeAll(async () => {
  h = await startHarness({ worker: false });
  ({ walletId: bWallet, linkUrl: bLinkUrl } = await walletWithLink(h, B, 'qiwi_qvp', 'RUB', {
    ipAllowList: ['127.0.0.1/32', '::1/128'],
  }));
  await h.api('PATCH', `/v1/parks/${B}/wallets/${bWallet}`, {
    name: bWalletName,
    credentials: { secret: `b-secret-${tag}` },
  });
  await seedDrivers(h.driverProfilesUrl, [{ park_id: B, id: bDriver, display_name: 'B driver' }]);
  expect((await h.api('PUT', `/v1/parks/${B}/notification-settings`, { emails: [bEmail] })).status).toBe(200);
  const { transaction } = await h.sys.transactions.accept({
    parkId: B,
    walletId: bWallet,
    psp: 'qiwi_qvp',
    pspTxnId: `psp-b-${tag}`,
    driverId: bDriver,
    amountMinor: 1000n,
    currency: 'RUB',
    pspPaidAt: null,
    workflowId: `test:${bWallet}:b`,
    hold: false,
    verifyWithPsp: false,
  });
  bTxn = transaction.id.toString();
  bInvoice = randomUUID();
  await h.sys.invoices.create({
    id: bInvoice,
    parkId: B,
    walletId: bWallet,
    driverId: bDriver,
    psp: 'qiwi',
    amountMinor: 500n,
    currency: 'RUB',
    phone: null,
    idempotencyKey: `b-${tag}`,
    requestHash: 'b',
    expiresAt: new Date(Date.now() + 3600_000),
    workflowId: `test:invoice:${bInvoice}`,
  });
  // B's held invoice needs attention too: ops may finish it only by naming park B.
  bHeldInvoice = randomUUID();
  await h.sys.invoices.create({
    id: bHeldInvoice,
    parkId: B,
    walletId: bWallet,
    driverId: bDriver,
    psp: 'qiwi',
    amountMinor: 700n,
    currency: 'RUB',
    phone: null,
    idempotencyKey: `b-held-${tag}`,
    requestHash: 'b',
    expiresAt: new Date(Date.now() + 3600_000),
    workflowId: `test:invoice:${bHeldInvoice}`,
  });
  await h.sys.invoices.record(B, bHeldInvoice, 'held', {
    reason: `test ${tag}`,
    paid: { amountMinor: 7000n, currency: 'RUB', reference: bHeldInvoice },
  });
  // B's payment needs attention, so a needs-attention list that leaked across parks would show it.
  await h.sys.attention.flag(B, transaction.id, `billing refused the credit: test ${tag}`);
  // Park A has data of its own, so its lists are not trivially empty.
  await walletWithLink(h, A, 'qiwi_qvp', 'RUB');

  const doc = (await (await fetch(`${h.internalUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ id: op.operationId, method: method.toUpperCase(), path })),
  );
});
afterAll(() => h?.close());

const fill = (path: string, park: string) =>
  path
    .replace('{parkId}', park)
    .replace('{walletId}', bWallet)
    .replace('{id}', path.includes('/invoices/') ? bInvoice : bTxn)
    .replace('{driverId}', bDriver)
    .replace('{keyId}', 'test-1');

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${h.internalUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      // Issuing requires one; every other route ignores it.
      'idempotency-key': `cross-park-${tag}`,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const callers: Record<string, Caller & { parkId: string }> = {
  'A dispatcher': { parkId: A },
  'A driver with B driver id': { parkId: A, role: 'driver', driverId: bDriver },
  'ops of park A': { parkId: A, role: 'ops' },
};

describe('cross-park matrix', () => {
  it('covers every documented route, with a value for each of its path parameters', () => {
    expect(operations.length).toBeGreaterThanOrEqual(16);
    // A new route with a new kind of id must teach fill() park B's id for it.
    for (const op of operations) expect(`${op.id}: ${fill(op.path, B)}`).not.toMatch(/\{/);
  });

  it.each(Object.keys(callers))(
    "%s on park B's paths: refused with 403 JSON on every park route, never B's data",
    async (who) => {
      const token = await h.token(callers[who]!);
      for (const op of operations.filter((o) => o.path.includes('{parkId}'))) {
        const res = await call(op.method, fill(op.path, B) + (QUERIES[op.id] ?? ''), token, bodyOf(op.id));
        expect(`${op.id} → ${res.status}`).toBe(`${op.id} → 403`);
        expect(res.type).toMatch(/application\/json/);
        expect(JSON.parse(res.text).error).toBe('forbidden');
        for (const marker of bMarkers()) expect(`${op.id}: ${res.text.includes(marker)}`).toBe(`${op.id}: false`);
      }
    },
  );

  it.each(Object.keys(callers))(
    "%s on its own park's paths with B's ids: nothing of B's, no B object found or changed",
    async (who) => {
      const token = await h.token(callers[who]!);
      for (const op of operations.filter((o) => o.path.includes('{parkId}'))) {
        const res = await call(op.method, fill(op.path, A) + (QUERIES[op.id] ?? ''), token, bodyOf(op.id));
        const driverRoute = op.path.includes('/drivers/{driverId}');
        const namesObject = /\{(walletId|id)\}/.test(op.path) || NAMES_B_IN_BODY.has(op.id);
        // A driver has only its own routes; everyone else, and the driver there, finds none of B's objects.
        const expected = callers[who]!.role === 'driver' && !driverRoute ? '403' : namesObject ? '404' : '2xx';
        expect(`${op.id} → ${String(res.status).replace(/^2\d\d$/, '2xx')}`).toBe(`${op.id} → ${expected}`);
        for (const marker of bMarkers()) expect(`${op.id}: ${res.text.includes(marker)}`).toBe(`${op.id}: false`);
      }
    },
  );

  it('non-ops callers are refused the ops routes', async () => {
    for (const who of ['A dispatcher', 'A driver with B driver id']) {
      const token = await h.token(callers[who]!);
      for (const op of operations.filter((o) => o.path.startsWith('/v1/ops/'))) {
        expect(`${who} ${op.id} → ${(await call(op.method, fill(op.path, A), token)).status}`).toBe(
          `${who} ${op.id} → 403`,
        );
      }
    }
  });

  it('every route refuses a missing or expired token with 401 JSON', async () => {
    const valid = await h.token({ parkId: B });
    const expired = await devToken(h.config, [B], 'dispatcher', '-1m');
    const tampered = `${valid.slice(0, -4)}AAAA`;
    for (const op of operations) {
      for (const token of [undefined, expired, tampered]) {
        const res = await call(op.method, fill(op.path, B), token, bodyOf(op.id));
        expect(`${op.id} → ${res.status}`).toBe(`${op.id} → 401`);
        expect(JSON.parse(res.text).error).toBe('unauthorized');
      }
    }
  });

  it("left park B's objects as they were", async () => {
    const wallet = await h.api('GET', `/v1/parks/${B}/wallets/${bWallet}`);
    expect(wallet.body).toMatchObject({ name: bWalletName, enabled: true, hasCredentials: true });
    expect(await h.sys.wallets.credentials(B, bWallet)).toEqual({ secret: `b-secret-${tag}` });
    const links = await h.api('GET', `/v1/parks/${B}/wallets/${bWallet}/links`);
    expect(links.body.items.filter((l: any) => l.revokedAt === null)).toHaveLength(1);
    const check = await fetch(`${bLinkUrl}?command=check&txn_id=1&account=${bDriver}&sum=1.00`);
    expect(await check.text()).toMatch(/<result>0<\/result>/);
    expect((await h.api('GET', `/v1/parks/${B}/transactions`)).body.items.map((t: any) => t.id)).toEqual([bTxn]);
    expect((await h.api('GET', `/v1/parks/${B}/notification-settings`)).body.emails).toEqual([bEmail]);
    const invoices = await h.api('GET', `/v1/parks/${B}/invoices`);
    expect(invoices.body.items.map((i: any) => [i.id, i.status]).sort()).toEqual(
      [
        [bInvoice, 'creating'],
        [bHeldInvoice, 'held'],
      ].sort(),
    );
    expect(await h.sys.db.invoice.count({ where: { parkId: A } })).toBe(0);
    const attention = await h.api('GET', `/v1/parks/${B}/payments?attention=true`);
    expect(attention.body.items.map((t: any) => [t.kind, t.id, t.action]).sort()).toEqual(
      [
        ['payment', bTxn, null],
        ['invoice', bHeldInvoice, null],
      ].sort(),
    );
    expect(await h.sys.transactions.get(B, BigInt(bTxn))).toMatchObject({ state: 'accepted' });
  });

  it("ops finish B's payment or held invoice only by naming park B: with park A it is not found", async () => {
    const ops = await h.token(callers['ops of park A']!);
    for (const [path, extra] of [
      ['/v1/ops/payment-redrives', {}],
      ['/v1/ops/payment-settlements', { note: 'wrong park' }],
    ] as const) {
      const res = await call('POST', path, ops, { parkId: A, transactionId: bTxn, ...extra });
      expect(`${path} → ${res.status}`).toBe(`${path} → 404`);
    }
    for (const [path, extra] of [
      ['/v1/ops/invoice-redrives', { amountMinor: '7000', currency: 'RUB' }],
      ['/v1/ops/invoice-settlements', { note: 'wrong park' }],
    ] as const) {
      const res = await call('POST', path, ops, { parkId: A, invoiceId: bHeldInvoice, ...extra });
      expect(`${path} → ${res.status}`).toBe(`${path} → 404`);
    }
    expect(await h.sys.invoices.get(B, bHeldInvoice)).toMatchObject({ status: 'held', attentionAction: null });
  });
});

describe('legacy wallets route (service tokens; outside the OpenAPI document)', () => {
  const legacyPath = (park: string) => `/legacy/v1/parks/${park}/wallets`;
  const serviceToken = (parks: string[]) =>
    signServiceToken(
      {
        secret: h.config.INTERNAL_JWT_SECRET,
        issuer: h.config.INTERNAL_JWT_ISSUER,
        audience: h.config.LEGACY_WALLETS_AUDIENCE,
      },
      { scope: 'legacy-wallets:read', parks },
    );

  it.each(Object.keys(callers))("%s is refused with 401 on park B's legacy wallets", async (who) => {
    const res = await call('GET', legacyPath(B), await h.token(callers[who]!));
    expect(res.status).toBe(401);
    for (const marker of bMarkers()) expect(res.text.includes(marker)).toBe(false);
  });

  it("a service token of park A reads A's wallets, never B's", async () => {
    const token = await serviceToken([A]);
    const onB = await call('GET', legacyPath(B), token);
    expect(onB.status).toBe(403);
    const onA = await call('GET', legacyPath(A), token);
    expect(onA.status).toBe(200);
    const aWallets = (await h.api('GET', `/v1/parks/${A}/wallets`)).body.items.map((w: { id: string }) => w.id);
    expect(Object.keys(JSON.parse(onA.text)).sort()).toEqual(aWallets.sort());
    for (const marker of bMarkers()) expect(`${onB.text}${onA.text}`.includes(marker)).toBe(false);
  });
});
