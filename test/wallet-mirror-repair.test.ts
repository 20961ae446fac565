import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { walletMirrorRepairWorkflowId } from '../domain/wallet-migration';
import { legacyKey } from '../storage/legacy-wallets';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { forgetPhase, movePhase } from './support/wallet-migration';

// A legacy store of this test's own (a redis-server it starts and kills), so "Redis down" never touches the shared one.
let h: Harness;
let redis: ChildProcess | undefined;
let port: number;
let probe: Redis;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });

async function startRedis() {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  await eventually(
    () =>
      client.connect().then(
        () => true,
        () => false,
      ),
    (ok) => ok,
    10_000,
    100,
  );
  client.disconnect();
}

async function stopRedis() {
  const proc = redis!;
  redis = undefined;
  proc.kill('SIGKILL');
  await new Promise((r) => proc.once('exit', r));
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  h = await startHarness({ worker: false, maintenance: true, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  await forgetPhase(h.sys.db);
  probe = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  probe?.disconnect();
  if (h) await forgetPhase(h.sys.db);
  await h?.close();
  if (redis) await stopRedis();
});

it.each(['redis-primary', 'pg-primary'])(
  'in %s, a dispatcher write while Redis is down is kept in Postgres and repaired into Redis once it is back',
  async (phase) => {
    await forgetPhase(h.sys.db);
    expect((await movePhase(h, phase)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100)); // the phase cache of this process
    const parkId = newParkId();
    const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi_qvp',
      name: 'Before',
      currency: 'RUB',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(JSON.parse((await probe.hget(legacyKey(parkId), id))!).name).toBe('Before');

    await stopRedis();
    const patched = await h.api('PATCH', `/v1/parks/${parkId}/wallets/${id}`, { name: 'While Redis was down' });
    expect(patched.status).toBe(200);
    expect((await h.sys.db.wallet.findUniqueOrThrow({ where: { id } })).name).toBe('While Redis was down');
    expect(await h.sys.walletMigration.outbox.owed(parkId, id)).toBe(true);
    const repair = h.sys.temporal.workflow.getHandle(walletMirrorRepairWorkflowId(parkId, id));
    expect((await repair.describe()).status.name).toBe('RUNNING');

    // Redis comes back empty (no persistence): the repair copies what Postgres holds, nothing is dropped.
    await startRedis();
    await repair.result();
    const mirrored = await eventually(
      () => probe.hget(legacyKey(parkId), id),
      (json) => json !== null,
      30_000,
    );
    expect(JSON.parse(mirrored!).name).toBe('While Redis was down');
    expect(await h.sys.walletMigration.outbox.owed(parkId, id)).toBe(false);
  },
);

it.each(['redis-primary', 'pg-primary'])(
  'in %s, writes mirrored while Redis is up leave nothing owed',
  async (phase) => {
    await forgetPhase(h.sys.db);
    expect((await movePhase(h, phase)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100)); // the phase cache of this process
    const parkId = newParkId();
    const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, { psp: 'qiwi_qvp', name: 'A', currency: 'RUB' });
    const id = created.body.id as string;
    for (const name of ['B', 'C']) {
      expect((await h.api('PATCH', `/v1/parks/${parkId}/wallets/${id}`, { name })).status).toBe(200);
    }
    expect(JSON.parse((await probe.hget(legacyKey(parkId), id))!).name).toBe('C');
    // An owed row would hold the move to pg-only back until the next verify.
    expect(await h.sys.walletMigration.outbox.owed(parkId, id)).toBe(false);
  },
);

it('a repair owed but never started (Temporal down as well) is made by the next verify before it compares', async () => {
  const parkId = newParkId();
  const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi_qvp',
    name: 'Before',
    currency: 'RUB',
  });
  const id = created.body.id as string;
  // What a write leaves behind when both Redis and the repair's start failed: the owed row and Postgres ahead.
  await h.sys.walletMigration.outbox.owe(parkId, id);
  await h.sys.walletMigration.postgresWallets.update(parkId, id, { name: 'Owed' });

  const start = await h.api('POST', `/v1/ops/wallet-migration/verify?parkPrefix=${parkId}`, undefined, {
    parkId: 'ops',
    role: 'ops',
  });
  expect(start.status).toBe(202);
  const result = await h.sys.temporal.workflow.getHandle(start.body.workflowId).result();
  expect(result).toMatchObject({ counts: { missing: 0, extra: 0, different: 0, parks: 1 } });
  expect(JSON.parse((await probe.hget(legacyKey(parkId), id))!).name).toBe('Owed');
  expect(await h.sys.walletMigration.outbox.owed(parkId, id)).toBe(false);
});

it('a mirror that lands late never overwrites a newer copy of the wallet in Redis', async () => {
  const parkId = newParkId();
  const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, { psp: 'qiwi_qvp', name: 'Old', currency: 'RUB' });
  const older = (await h.sys.walletMigration.postgresWallets.get(parkId, created.body.id))!;
  const newer = { ...older, name: 'New', updatedAt: new Date(older.updatedAt.getTime() + 1000) };
  const legacy = h.sys.walletMigration.legacyWallets!;
  await legacy.put(newer);
  await legacy.put(older);
  expect((await legacy.get(parkId, older.id))!.name).toBe('New');
});
