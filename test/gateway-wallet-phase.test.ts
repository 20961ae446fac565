import { legacyKey } from '../storage/legacy-wallets';
import { newParkId, startHarness, type Harness } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';

// The gateway reads a PSP call's wallet where the migration phase says: in `redis-primary` from the legacy hash, so the
// one-statement link-and-wallet read of Postgres must step aside there.
describe('PSP calls in the redis-primary phase', () => {
  let h: Harness;
  const parkId = newParkId();

  beforeAll(async () => {
    h = await startHarness({ worker: false, env: { WALLET_DUAL_WRITE: 'true', WALLET_READ_STORE: 'redis' } });
    await seedDrivers(h.driverProfilesUrl, [{ park_id: parkId, id: 'DRV1', display_name: 'Driver One' }]);
  });
  afterAll(() => h?.close());

  it('take the wallet from Redis, not from Postgres', async () => {
    expect(await h.sys.walletMigration.phases.current()).toBe('redis-primary');
    const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi_qvp',
      name: 'Main',
      currency: 'RUB',
      settings: { ipAllowList: ['127.0.0.1/32', '::1/128'] },
    });
    const id = wallet.body.id as string;
    const link = await h.api('POST', `/v1/parks/${parkId}/wallets/${id}/link`);
    let txn = Date.now() % 1_000_000;
    const check = async () => {
      const url = (link.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl);
      const res = await fetch(`${url}?command=check&txn_id=${++txn}&account=DRV1&sum=10.00`);
      const body = await res.text();
      return res.status === 200 ? `result ${/<result>(\d+)<\/result>/.exec(body)?.[1]}` : `http ${res.status}`;
    };
    expect(await check()).toBe('result 0');

    const legacy = JSON.parse((await h.sys.redis!.hget(legacyKey(parkId), id))!);
    await h.sys.redis!.hset(legacyKey(parkId), id, JSON.stringify({ ...legacy, enabled: false }));
    expect(await check()).toBe('http 404');

    await h.sys.redis!.hset(legacyKey(parkId), id, JSON.stringify(legacy));
    await h.sys.db.wallet.updateMany({ where: { id, parkId }, data: { enabled: false } });
    expect(await check()).toBe('result 0');
  });
});
