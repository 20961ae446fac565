import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signServiceToken } from '../api-internal/tokens';
import { walletBackfillWorkflowId } from '../domain/wallet-migration';
import type { LegacyWallet } from '../storage/legacy-wallets';
import { startHarness, type Harness } from '../testkit/harness';
import { forgetPhase, movePhase, ops, plantLegacy, removePlanted } from './support/wallet-migration';

// The legacy system's read route answers exactly the legacy shape (docs/legacy-wallets.md), from Redis and then from
// Postgres, through the operator's steps: redis-primary, backfill, verify, pg-primary, pg-only.
const dir = join(__dirname, '..', 'docs', 'legacy-wallets');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as LegacyWallet] as const);
const PREFIX = 'legacy-fixture-';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ worker: false, maintenance: true });
  await forgetPhase(h.sys.db);
  await plantLegacy(
    h.sys.redis!,
    fixtures.map(([, w]) => w),
  );
});
afterAll(async () => {
  if (h) {
    await forgetPhase(h.sys.db);
    await removePlanted(h.sys.db, h.sys.redis!, PREFIX);
  }
  await h?.close();
});

const serviceToken = (claims: { scope: string; parks?: string[] }, audience = h.config.LEGACY_WALLETS_AUDIENCE) =>
  signServiceToken({ secret: h.config.INTERNAL_JWT_SECRET, issuer: h.config.INTERNAL_JWT_ISSUER, audience }, claims);

async function legacyRead(parkId: string, token?: string) {
  const res = await fetch(`${h.internalUrl}/legacy/v1/parks/${parkId}/wallets`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Each fixture, read back through the route, field for field: no field more, none fewer, none changed. */
async function expectEveryFixture() {
  const token = await serviceToken({ scope: 'legacy-wallets:read' });
  for (const [file, wallet] of fixtures) {
    const { status, body } = await legacyRead(wallet.parkId, token);
    expect(`${file}: ${status}`).toBe(`${file}: 200`);
    expect(body[wallet.id]).toStrictEqual(wallet);
    expect(Object.keys(body[wallet.id] as object).sort()).toEqual(Object.keys(wallet).sort());
  }
}

const settle = () => new Promise((r) => setTimeout(r, 1100));

it('serves each fixture exactly, from Redis in redis-primary and from Postgres after backfill, verify and the switch', async () => {
  expect((await movePhase(h, 'redis-primary')).status).toBe(200);
  await settle();
  await expectEveryFixture();

  const backfill = await h.api('POST', `/v1/ops/wallet-migration/backfill?parkPrefix=${PREFIX}`, undefined, ops);
  expect(backfill.body.workflowId).toBe(walletBackfillWorkflowId(PREFIX));
  expect(await h.sys.temporal.workflow.getHandle(backfill.body.workflowId).result()).toMatchObject({
    inserted: fixtures.length,
  });
  const verify = await h.api('POST', `/v1/ops/wallet-migration/verify?parkPrefix=${PREFIX}`, undefined, ops);
  expect(await h.sys.temporal.workflow.getHandle(verify.body.workflowId).result()).toMatchObject({
    counts: { missing: 0, extra: 0, different: 0 },
  });
  // Only the fixtures' parks were verified, and a move trusts a verification of every park only: forced, with why.
  const moved = await movePhase(h, 'pg-primary', { force: true, reason: 'fixture parks verified clean' });
  expect(moved.status).toBe(200);
  await settle();
  // Redis no longer answers this route: take its copies away to be sure.
  for (const [, w] of fixtures) await h.sys.redis!.hdel(`PaySystem:Items:${w.parkId}`, w.id);
  await expectEveryFixture();
});

it('takes only a service token of its own audience and scope, limited to its parks when it names them', async () => {
  const parkId = fixtures[0]![1].parkId;
  expect((await legacyRead(parkId)).status).toBe(401);
  expect((await legacyRead(parkId, await h.token({ parkId, role: 'ops' }))).status).toBe(401);
  expect((await legacyRead(parkId, await serviceToken({ scope: 'legacy-wallets:read' }, 'api-internal'))).status).toBe(
    401,
  );
  expect((await legacyRead(parkId, await serviceToken({ scope: 'other' }))).status).toBe(403);
  const elsewhere = await legacyRead(parkId, await serviceToken({ scope: 'legacy-wallets:read', parks: ['another'] }));
  expect(elsewhere.status).toBe(403);
  expect(JSON.stringify(elsewhere.body)).not.toContain(fixtures[0]![1].id);
});
