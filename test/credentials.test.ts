import { randomBytes, randomUUID } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { createCredentialsCipher, UnknownCredentialKeyError, type CredentialKey } from '../storage/credentials-cipher';
import { createLegacyWalletStore, legacyKey } from '../storage/legacy-wallets';
import { createPostgresWalletStore } from '../storage/wallets';
import { credentialRotationWorkflowId, type credentialRotation } from '../workflows/credential-rotation';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';

// Wallet credentials: write-only through the API, sealed at rest (JWE dir + A256GCM) under a key ring, rotated by a workflow.
const newKey = (prefix: string): CredentialKey => ({
  kid: `${prefix}-${randomUUID().slice(0, 8)}`,
  key: new Uint8Array(randomBytes(32)),
});
const ringEnv = (...keys: CredentialKey[]) =>
  keys.map((k) => `${k.kid}:${Buffer.from(k.key).toString('base64url')}`).join(',');
const secretSet = () => ({ apiKey: `sk-${randomUUID()}`, password: `пароль-${randomUUID()}` });

/** History, logs and rows as text, with byte payloads (Temporal's JSON payloads) read as UTF-8. */
const asText = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : typeof v === 'bigint' ? v.toString() : v,
  );

describe('credentials cipher', () => {
  const k1 = newKey('k1');
  const k2 = newKey('k2');

  it('round-trips under the newest key, naming it in the protected header', async () => {
    const cipher = createCredentialsCipher([k1, k2]);
    const plain = { login: 'ООО "Таксопарк", №1', secret: 'a,b\n"c"' };
    const sealed = await cipher.seal(plain);
    expect(sealed.keyId).toBe(k2.kid);
    expect(decodeProtectedHeader(sealed.ciphertext)).toEqual({ alg: 'dir', enc: 'A256GCM', kid: k2.kid });
    expect(sealed.ciphertext.split('.')).toHaveLength(5);
    expect(sealed.ciphertext).not.toContain('Таксопарк');
    expect(await cipher.open(sealed.ciphertext)).toEqual(plain);
    expect(cipher.isCurrent(k2.kid)).toBe(true);
    expect(cipher.isCurrent(k1.kid)).toBe(false);
  });

  it('opens what an older key sealed while it is in the ring, and refuses once it is gone', async () => {
    const { ciphertext } = await createCredentialsCipher([k1]).seal({ a: 'b' });
    expect(await createCredentialsCipher([k1, k2]).open(ciphertext)).toEqual({ a: 'b' });
    await expect(createCredentialsCipher([k2]).open(ciphertext)).rejects.toBeInstanceOf(UnknownCredentialKeyError);
  });

  it('refuses a tampered ciphertext', async () => {
    const cipher = createCredentialsCipher([k1]);
    const parts = (await cipher.seal({ a: 'b' })).ciphertext.split('.');
    parts[3] = Buffer.from('{"a":"evil"}').toString('base64url');
    await expect(cipher.open(parts.join('.'))).rejects.toThrow();
  });
});

describe('wallet credentials and their rotation', () => {
  const k1 = newKey('old');
  const k2 = newKey('new');
  const env = { WALLET_DUAL_WRITE: 'true', WALLET_READ_STORE: 'postgres' };
  let before: Harness;
  let after: Harness;
  const parkId = newParkId();
  const secrets: string[] = [];
  const wallets: Array<{ id: string; credentials: Record<string, string> }> = [];

  beforeAll(async () => {
    before = await startHarness({ worker: false, env: { ...env, CREDENTIALS_KEYS: ringEnv(k1) } });
    after = await startHarness({
      worker: false,
      maintenance: true,
      env: { ...env, CREDENTIALS_KEYS: ringEnv(k1, k2) },
    });
  });
  afterAll(async () => {
    await before?.close();
    await after?.close();
  });

  it('accepts credentials on create and PATCH, shows only hasCredentials, and serves them opened to the gateway', async () => {
    const first = secretSet();
    secrets.push(...Object.values(first));
    const created = await before.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi_qvp',
      name: 'Main',
      currency: 'RUB',
      credentials: first,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hasCredentials: true });
    expect(Date.parse(created.body.credentialsUpdatedAt)).not.toBeNaN();
    expect(created.body).not.toHaveProperty('credentials');
    expect(await before.sys.wallets.credentials(parkId, created.body.id)).toEqual(first);

    const replaced = secretSet();
    secrets.push(...Object.values(replaced));
    const patched = await before.api('PATCH', `/v1/parks/${parkId}/wallets/${created.body.id}`, {
      credentials: replaced,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.hasCredentials).toBe(true);
    expect(await before.sys.wallets.credentials(parkId, created.body.id)).toEqual(replaced);
    wallets.push({ id: created.body.id, credentials: replaced });

    const bare = await before.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi_qvp',
      name: 'Bare',
      currency: 'RUB',
    });
    expect(bare.body).toMatchObject({ hasCredentials: false, credentialsUpdatedAt: null });
    expect(await before.sys.wallets.credentials(parkId, bare.body.id)).toEqual({});

    const removed = await before.api('PATCH', `/v1/parks/${parkId}/wallets/${bare.body.id}`, {
      credentials: { k: 'v-temporary' },
    });
    expect(removed.body.hasCredentials).toBe(true);
    expect(
      (await before.api('PATCH', `/v1/parks/${parkId}/wallets/${bare.body.id}`, { credentials: null })).body
        .hasCredentials,
    ).toBe(false);
    expect(await before.sys.wallets.credentials(parkId, bare.body.id)).toEqual({});

    // Another park's path never reaches them.
    expect(await before.sys.wallets.credentials(newParkId(), created.body.id)).toEqual({});

    for (let i = 0; i < 4; i++) {
      const c = secretSet();
      secrets.push(...Object.values(c));
      const w = await before.api('POST', `/v1/parks/${parkId}/wallets`, {
        psp: 'qiwi_qvp',
        name: `W${i}`,
        currency: 'RUB',
        credentials: c,
      });
      wallets.push({ id: w.body.id, credentials: c });
    }
    // A deleted wallet's credentials are re-sealed too, so the old key can go.
    const gone = wallets.pop()!;
    expect((await before.api('DELETE', `/v1/parks/${parkId}/wallets/${gone.id}`)).status).toBe(204);

    const rows = await before.sys.db.wallet.findMany({ where: { parkId } });
    expect(rows.filter((r) => r.credentialsCiphertext).map((r) => r.credentialsKeyId)).toEqual(Array(5).fill(k1.kid));
  });

  it('rotates every credential to the newest key in a workflow; the old key can then leave the ring', async () => {
    const ops = { parkId: 'none', parks: [], role: 'ops' as const };
    expect((await after.api('POST', '/v1/ops/credential-rotations', undefined, { parkId })).status).toBe(403);
    const started = await after.api('POST', '/v1/ops/credential-rotations', undefined, ops);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ workflowId: credentialRotationWorkflowId(k2.kid), targetKeyId: k2.kid });

    const finished = await eventually(
      () => after.api('GET', `/v1/ops/credential-rotations/${k2.kid}`, undefined, ops),
      (r) => r.status === 200 && r.body.progress.done === true,
    );
    expect(finished.body.progress.resealed).toBeGreaterThanOrEqual(5);
    expect(finished.body.progress.unreadable).not.toEqual(expect.arrayContaining(wallets.map((w) => w.id)));
    expect(finished.body.sealedByKey[k1.kid]).toBeUndefined();

    const rows = await after.sys.db.wallet.findMany({ where: { parkId, credentialsCiphertext: { not: null } } });
    expect(rows.map((r) => r.credentialsKeyId)).toEqual(Array(5).fill(k2.kid));

    // A second start after the first finished is a harmless repeat: nothing left to re-seal.
    await after.api('POST', '/v1/ops/credential-rotations', undefined, ops);
    const again = await eventually(
      () => after.api('GET', `/v1/ops/credential-rotations/${k2.kid}`, undefined, ops),
      (r) => r.status === 200 && r.body.progress.done === true,
    );
    expect(again.body.progress.resealed).toBe(0);

    // Only the new key now: Postgres and the mirrored Redis copies both open.
    const onlyNew = createCredentialsCipher([k2]);
    const postgres = createPostgresWalletStore(after.sys.db, onlyNew);
    const redis = createLegacyWalletStore(after.sys.redis!, onlyNew);
    for (const w of wallets) {
      expect(await postgres.credentials(parkId, w.id)).toEqual(w.credentials);
      expect(await redis.credentials(parkId, w.id)).toEqual(w.credentials);
    }
  });

  it('resumes from its progress across continue-as-new, in small batches', async () => {
    const park = newParkId();
    const made: Array<{ id: string; credentials: Record<string, string> }> = [];
    for (let i = 0; i < 7; i++) {
      const c = secretSet();
      secrets.push(...Object.values(c));
      const w = await before.api('POST', `/v1/parks/${park}/wallets`, {
        psp: 'qiwi_qvp',
        name: `R${i}`,
        currency: 'RUB',
        credentials: c,
      });
      made.push({ id: w.body.id, credentials: c });
    }
    const result = await after.sys.temporal.workflow.execute<typeof credentialRotation>('credentialRotation', {
      taskQueue: after.config.MAINTENANCE_TASK_QUEUE,
      workflowId: `credential-rotation-test:${park}`,
      args: [{ targetKeyId: k2.kid, batchSize: 2, batchesPerRun: 2 }],
    });
    expect(result.runs).toBeGreaterThanOrEqual(2);
    expect(result.resealed).toBeGreaterThanOrEqual(7);
    expect(result.done).toBe(true);
    const onlyNew = createPostgresWalletStore(after.sys.db, createCredentialsCipher([k2]));
    for (const w of made) expect(await onlyNew.credentials(park, w.id)).toEqual(w.credentials);
  });

  it('leaves no plaintext in rows, Redis, API answers, logs or workflow history', async () => {
    const rows = await after.sys.db.$queryRaw<
      Array<{ row: string }>
    >`SELECT w::text AS row FROM wallets w WHERE park_id = ${parkId}`;
    const redis = await after.sys.redis!.hgetall(legacyKey(parkId));
    const answers = [
      await after.api('GET', `/v1/parks/${parkId}/wallets`),
      ...(await Promise.all(wallets.map((w) => after.api('GET', `/v1/parks/${parkId}/wallets/${w.id}`)))),
    ];
    const history = await after.sys.temporal.workflow.getHandle(credentialRotationWorkflowId(k2.kid)).fetchHistory();
    const places = {
      rows: asText(rows),
      redis: asText(redis),
      answers: asText(answers),
      logs: before.logs() + after.logs(),
      history: asText(history),
    };
    expect(places.redis).toContain(k2.kid);
    for (const secret of secrets) {
      for (const [place, text] of Object.entries(places))
        expect(`${place}: ${text.includes(secret)}`).toBe(`${place}: false`);
    }
  });
});
