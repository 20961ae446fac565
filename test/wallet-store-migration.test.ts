import { legacyKey } from '../storage/legacy-wallets';
import { newParkId, startHarness, type Harness } from '../testkit/harness';

// The Redis→Postgres seam: dual write mirrors every wallet write to `PaySystem:Items:{park_id}`; the read flag picks the store.
describe.each([
  ['dual write, reads from Redis', { WALLET_DUAL_WRITE: 'true', WALLET_READ_STORE: 'redis' }],
  ['dual write, reads from Postgres', { WALLET_DUAL_WRITE: 'true', WALLET_READ_STORE: 'postgres' }],
])('%s', (_name, env) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ worker: false, env });
  });
  afterAll(() => h?.close());

  it('mirrors create, update and delete into the legacy hash, and reads through the named store', async () => {
    const parkId = newParkId();
    const created = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi_qvp',
      name: 'Main',
      currency: 'RUB',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const legacy = JSON.parse((await h.sys.redis!.hget(legacyKey(parkId), id))!);
    expect(legacy).toMatchObject({ id, parkId, psp: 'qiwi_qvp', name: 'Main', currency: 'RUB' });
    expect(await h.sys.db.wallet.count({ where: { id, parkId } })).toBe(1);

    expect((await h.api('PATCH', `/v1/parks/${parkId}/wallets/${id}`, { name: 'Renamed' })).status).toBe(200);
    expect(JSON.parse((await h.sys.redis!.hget(legacyKey(parkId), id))!).name).toBe('Renamed');

    // Only the store the flag names is read: a difference planted in the other store is invisible.
    if (env.WALLET_READ_STORE === 'redis') {
      await h.sys.redis!.hset(legacyKey(parkId), id, JSON.stringify({ ...legacy, name: 'Only in Redis' }));
      expect((await h.api('GET', `/v1/parks/${parkId}/wallets/${id}`)).body.name).toBe('Only in Redis');
    } else {
      await h.sys.redis!.hdel(legacyKey(parkId), id);
      expect((await h.api('GET', `/v1/parks/${parkId}/wallets/${id}`)).body.name).toBe('Renamed');
    }

    expect((await h.api('DELETE', `/v1/parks/${parkId}/wallets/${id}`)).status).toBe(204);
    expect(await h.sys.redis!.hget(legacyKey(parkId), id)).toBeNull();
  });
});
