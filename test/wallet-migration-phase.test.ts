import { loadConfig } from '../config';
import { recordVerification } from '../storage/wallet-migration';
import { createSystem, internalUseCases, type System } from '../system/deps';
import { newParkId, startHarness, eventually, type Harness } from '../testkit/harness';
import { forgetPhase, legacyWallet, movePhase, ops, plantLegacy } from './support/wallet-migration';

// The phase is data in Postgres: a move made by one process reaches a running gateway in another within seconds.
let h: Harness;
let other: System;

beforeAll(async () => {
  h = await startHarness({ worker: false, maintenance: false });
  await forgetPhase(h.sys.db);
  // A second process of the same deployment: its own connections and its own phase cache.
  other = await createSystem(loadConfig(h.env), 'other-process');
});
afterAll(async () => {
  if (h) await forgetPhase(h.sys.db);
  await other?.close();
  await h?.close();
});

it('starts from the bootstrap phase the flags name, then follows a stored move without a restart', async () => {
  const parkId = newParkId();
  const before = await h.api('GET', '/v1/ops/wallet-migration', undefined, ops);
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ phase: 'pg-only', source: 'bootstrap', readsFrom: 'postgres', history: [] });

  const legacy = legacyWallet(parkId, 1, { name: 'Only in Redis' });
  await plantLegacy(h.sys.redis!, [legacy]);
  expect((await h.api('GET', `/v1/parks/${parkId}/wallets`)).body.items).toEqual([]);

  // Another process moves the phase; this gateway was never told, and reads Redis within the cache's second or two.
  const moved = await internalUseCases(other).walletMigration.move({ phase: 'redis-primary', changedBy: 'test' });
  expect(moved).toMatchObject({ change: { phase: 'redis-primary', previous: 'pg-only' } });
  const t0 = Date.now();
  const seen = await eventually(
    () => h.api('GET', `/v1/parks/${parkId}/wallets`),
    (r) => r.body.items?.length === 1,
    5000,
    100,
  );
  expect(Date.now() - t0).toBeLessThan(2500);
  expect(seen.body.items[0]).toMatchObject({ id: legacy.id, name: 'Only in Redis' });
  expect((await h.api('GET', '/v1/ops/wallet-migration', undefined, ops)).body).toMatchObject({
    phase: 'redis-primary',
    source: 'stored',
    readsFrom: 'redis',
  });
});

it('refuses a forward move without a clean verification, and keeps the reason of a forced one', async () => {
  const refused = await movePhase(h, 'pg-primary');
  expect(refused.status).toBe(409);
  expect(refused.body.message).toMatch(/no verification/);

  expect((await movePhase(h, 'pg-primary', { force: true })).body).toMatchObject({ field: 'reason' });

  const forced = await movePhase(h, 'pg-primary', { force: true, reason: 'pilot parks verified by hand' });
  expect(forced.status).toBe(200);
  const report = (await h.api('GET', '/v1/ops/wallet-migration', undefined, ops)).body;
  expect(report.phase).toBe('pg-primary');
  expect(report.history[0]).toMatchObject({
    phase: 'pg-primary',
    previous: 'redis-primary',
    forced: true,
    reason: 'pilot parks verified by hand',
  });
  expect((await movePhase(h, 'pg-primary')).status).toBe(409);
});

it('refuses a forward move while the last verification of every park shows differences, and allows it once clean', async () => {
  await forgetPhase(h.sys.db);
  expect((await movePhase(h, 'redis-primary')).status).toBe(200);
  const counts = { parks: 3, redisWallets: 5, postgresWallets: 5, samples: [] };
  await recordVerification(h.sys.db, {
    workflowId: 'w1',
    parkPrefix: '',
    ...counts,
    missing: 1,
    extra: 0,
    different: 2,
  });
  // A clean verification of a pilot group changes nothing.
  await recordVerification(h.sys.db, {
    workflowId: 'w2',
    parkPrefix: 'pilot-',
    ...counts,
    missing: 0,
    extra: 0,
    different: 0,
  });
  const refused = await movePhase(h, 'pg-primary');
  expect(refused.status).toBe(409);
  expect(refused.body.message).toMatch(/missing 1, extra 0, different 2/);

  await recordVerification(h.sys.db, {
    workflowId: 'w3',
    parkPrefix: '',
    ...counts,
    missing: 0,
    extra: 0,
    different: 0,
  });
  expect((await movePhase(h, 'pg-primary')).status).toBe(200);
  expect((await h.api('GET', '/v1/ops/wallet-migration', undefined, ops)).body.verification).toMatchObject({
    workflowId: 'w3',
  });
});

it('lets a rollback go back freely, except out of pg-only, which Redis no longer follows', async () => {
  expect((await movePhase(h, 'redis-primary')).status).toBe(200);
  expect((await movePhase(h, 'pg-only', { force: true, reason: 'test' })).status).toBe(200);
  const back = await movePhase(h, 'pg-primary');
  expect(back.status).toBe(409);
  expect(back.body.message).toMatch(/Redis has missed/);
});

it('is for ops only', async () => {
  const parkId = newParkId();
  expect((await h.api('GET', '/v1/ops/wallet-migration', undefined, parkId)).status).toBe(403);
  expect((await h.api('POST', '/v1/ops/wallet-migration/phase', { phase: 'pg-only' }, parkId)).status).toBe(403);
});
