import { randomUUID } from 'node:crypto';
import { createCredentialReminderActivities } from '../activities/credential-reminders';
import { createLegacyWalletStore, legacyKey, type LegacyWallet } from '../storage/legacy-wallets';
import { createPostgresWalletStore, type WalletStore } from '../storage/wallets';
import { newParkId, startHarness, type Harness } from '../testkit/harness';
import { forgetPhase, ops } from './support/wallet-migration';

// The PSP's verdict on a wallet's credentials is a wallet write like any other: in `redis-primary` the gateways read
// the legacy Redis copy, so a refusal QIWI reports must reach it (and a later success clear it), or the park is shown
// credentials that work when QIWI refuses them.
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ worker: false, env: { WALLET_DUAL_WRITE: 'true', WALLET_READ_STORE: 'redis' } });
  await forgetPhase(h.sys.db); // no stored move: the flags above name the phase
});
afterAll(() => h?.close());

const qiwiAccount = async (prvId: string, apiId: string, apiPassword: string) => {
  const res = await fetch(`${h.env.QIWI_API_URL}/_control/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prv_id: prvId, api_id: apiId, api_password: apiPassword }),
  });
  expect(res.status).toBe(204);
};

const legacyCopy = async (parkId: string, walletId: string) =>
  JSON.parse((await h.sys.redis!.hget(legacyKey(parkId), walletId))!) as LegacyWallet;

it('in redis-primary, a refused QIWI check reads invalid through Redis, and a later successful one clears it', async () => {
  expect((await h.api('GET', '/v1/ops/wallet-migration', undefined, ops)).body).toMatchObject({
    phase: 'redis-primary',
    readsFrom: 'redis',
  });
  const tag = randomUUID().slice(0, 8);
  const parkId = newParkId();
  const prvId = `7${Date.now()}`;
  const apiId = `api-${tag}`;
  const [saved, changedAtQiwi] = [`pw-${randomUUID()}`, `pw-${randomUUID()}`];
  await qiwiAccount(prvId, apiId, saved);
  const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi',
    name: `QIWI ${tag}`,
    currency: 'RUB',
    settings: { prvId },
    credentials: { password: `notify-${tag}`, apiId, apiPassword: saved },
  });
  expect(created).toMatchObject({ status: 201, body: { credentialsStatus: 'ok' } });
  const walletId = created.body.id as string;
  const path = `/v1/parks/${parkId}/wallets/${walletId}`;
  const acts = createCredentialReminderActivities({
    db: h.sys.db,
    wallets: h.sys.wallets,
    notificationSettings: h.sys.notificationSettings,
    mailer: h.sys.mailer,
    credentialChecks: h.sys.credentialChecks,
    consoleUrl: h.config.DISPATCHER_CONSOLE_URL,
  });
  const dailyCheck = () => acts.checkCredentials({ afterId: null, limit: 100_000 });
  const invalidAtInPostgres = async () =>
    (await h.sys.db.wallet.findUniqueOrThrow({ where: { id: walletId } })).credentialsInvalidAt;

  // The merchant changes the API password at QIWI and not here: the daily check is refused.
  await qiwiAccount(prvId, apiId, changedAtQiwi);
  await dailyCheck();
  const refusedAt = await invalidAtInPostgres();
  expect(refusedAt).toBeInstanceOf(Date);
  expect((await legacyCopy(parkId, walletId)).sealedCredentials?.invalidAt).toBe(refusedAt!.toISOString());
  expect((await h.api('GET', path)).body.credentialsStatus).toBe('invalid');
  expect((await h.api('GET', `/v1/parks/${parkId}/wallets`)).body.items[0]).toMatchObject({
    id: walletId,
    credentialsStatus: 'invalid',
  });

  // Refused again the next day: one refusal episode, the first time kept in both stores.
  await dailyCheck();
  expect(await invalidAtInPostgres()).toEqual(refusedAt);
  expect((await legacyCopy(parkId, walletId)).sealedCredentials?.invalidAt).toBe(refusedAt!.toISOString());

  // QIWI takes the saved password again: the mark is gone from the copy the gateways read.
  await qiwiAccount(prvId, apiId, saved);
  await dailyCheck();
  expect(await invalidAtInPostgres()).toBeNull();
  expect((await legacyCopy(parkId, walletId)).sealedCredentials).not.toHaveProperty('invalidAt');
  expect((await h.api('GET', path)).body.credentialsStatus).toBe('ok');
  expect(h.logs()).not.toContain('legacy wallet mirror failed');
});

it('in redis-primary, a new wallet whose credentials QIWI refuses answers and reads invalid through Redis', async () => {
  const tag = randomUUID().slice(0, 8);
  const parkId = newParkId();
  const prvId = `8${Date.now()}`;
  await qiwiAccount(prvId, `api-${tag}`, `pw-${randomUUID()}`);
  const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'qiwi',
    name: `QIWI ${tag}`,
    currency: 'RUB',
    settings: { prvId },
    credentials: { password: `notify-${tag}`, apiId: `api-${tag}`, apiPassword: `not-at-qiwi-${tag}` },
  });
  expect(created).toMatchObject({ status: 201, body: { credentialsStatus: 'invalid' } });
  const walletId = created.body.id as string;
  expect((await legacyCopy(parkId, walletId)).sealedCredentials?.invalidAt).toEqual(expect.any(String));
  expect((await h.api('GET', `/v1/parks/${parkId}/wallets/${walletId}`)).body.credentialsStatus).toBe('invalid');
});

describe.each([
  ['Postgres', () => createPostgresWalletStore(h.sys.db, h.sys.cipher)],
  ['legacy Redis', () => createLegacyWalletStore(h.sys.redis!, h.sys.cipher)],
])('the %s store records a credential check', (_name, storeOf: () => WalletStore) => {
  it('only for the credentials checked; the first refusal keeps its time; a success clears it', async () => {
    const store = storeOf();
    const parkId = newParkId();
    const wallet = await store.create({
      id: randomUUID(),
      parkId,
      psp: 'qiwi',
      name: 'QIWI',
      currency: 'RUB',
      settings: {},
      credentials: { apiPassword: `pw-${randomUUID()}` },
    });
    const savedAt = wallet.sealedCredentials!.updatedAt;
    const [first, second, third] = [1, 2, 3].map((d) => new Date(Date.UTC(2026, 0, d))) as [Date, Date, Date];
    const invalidAt = async () => (await store.get(parkId, wallet.id))?.sealedCredentials?.invalidAt ?? null;
    const record = (valid: boolean, at: Date, saved = savedAt) =>
      store.recordCredentialCheck(parkId, wallet.id, { savedAt: saved, valid, at });

    // A verdict on credentials saved at another time is about a set this wallet no longer holds.
    await record(false, first, new Date(savedAt.getTime() - 1));
    expect(await invalidAt()).toBeNull();

    expect((await record(false, first))?.sealedCredentials?.invalidAt).toEqual(first);
    expect((await record(false, second))?.sealedCredentials?.invalidAt).toEqual(first);
    expect(await invalidAt()).toEqual(first);
    await record(true, second, new Date(savedAt.getTime() + 1));
    expect(await invalidAt()).toEqual(first);

    expect((await record(true, third))?.sealedCredentials?.invalidAt).toBeNull();
    expect(await invalidAt()).toBeNull();

    expect(await store.remove(parkId, wallet.id)).toBe(true);
    expect(await record(false, third)).toBeNull();
  });
});
