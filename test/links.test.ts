import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { seedDrivers, standInState } from '../testkit/neighbours';

// Callback links as API keys, through either issuer: secret shown once, revoke and regenerate take effect on the next PSP call.
describe.each(['local', 'uapi-keys'])('links issued by %s', (issuer) => {
  let h: Harness;
  const parkId = newParkId();
  let walletId: string;
  let txn = Date.now() % 1_000_000;

  beforeAll(async () => {
    h = await startHarness({ worker: false, env: { LINK_ISSUER: issuer } });
    const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
      psp: 'qiwi_qvp',
      name: 'Main',
      currency: 'RUB',
      settings: { ipAllowList: ['127.0.0.1/32', '::1/128'] },
    });
    walletId = wallet.body.id;
    await seedDrivers(h.driverProfilesUrl, [{ park_id: parkId, id: 'DRV1', display_name: 'Driver One' }]);
  });
  afterAll(() => h?.close());

  const linkPath = `/v1/parks/${parkId}/wallets`;
  /** A CHECK through api-external with the link's secret: the OSMP result code, or the HTTP status when refused. */
  const check = async (url: string) => {
    const res = await fetch(
      `${url.replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl)}?command=check&txn_id=${++txn}&account=DRV1&sum=10.00`,
    );
    const body = await res.text();
    return res.status === 200 ? `result ${/<result>(\d+)<\/result>/.exec(body)?.[1]}` : `http ${res.status}`;
  };

  it('shows the secret once, lists prefix and use times, and keeps only a hash', async () => {
    expect((await h.api('POST', `${linkPath}/${walletId}/link/regenerate`)).status).toBe(409);
    const issued = await h.api('POST', `${linkPath}/${walletId}/link`);
    expect(issued.status).toBe(201);
    const raw = await fetch(`${h.internalUrl}${linkPath}/${walletId}/links`, {
      headers: { authorization: `Bearer ${await h.token({ parkId })}` },
    });
    expect(raw.headers.get('cache-control')).toBe('no-store');
    const secret = (issued.body.url as string).split('/').pop()!;
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(secret.startsWith(issued.body.prefix)).toBe(true);
    expect(await check(issued.body.url)).toBe('result 0');

    // The local issuer records the use after answering the PSP.
    const listed = await eventually(
      () => h.api('GET', `${linkPath}/${walletId}/links`),
      (r) => r.body.items[0]?.lastUsedAt !== null,
      5000,
      50,
    );
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ id: issued.body.id, prefix: issued.body.prefix, revokedAt: null });
    expect(Date.parse(listed.body.items[0].lastUsedAt)).not.toBeNaN();
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const stored =
      issuer === 'local'
        ? await h.sys.db.callbackLink.findMany({ where: { parkId } })
        : await standInState(h.uapiKeysUrl);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(h.logs()).not.toContain(secret);
    if (issuer === 'uapi-keys') expect(await h.sys.db.callbackLink.count({ where: { parkId } })).toBe(0);
  });

  it('regenerate: the new secret works, the old one is refused from the next request on', async () => {
    const first = await h.api('POST', `${linkPath}/${walletId}/link`);
    expect(await check(first.body.url)).toBe('result 0');
    const second = await h.api('POST', `${linkPath}/${walletId}/link/regenerate`);
    expect(second.status).toBe(201);
    expect(second.body.url).not.toBe(first.body.url);
    expect(await check(first.body.url)).toBe('http 404');
    expect(await check(second.body.url)).toBe('result 0');
    const live = (await h.api('GET', `${linkPath}/${walletId}/links`)).body.items.filter(
      (l: any) => l.revokedAt === null,
    );
    expect(live.map((l: any) => l.id)).toEqual([second.body.id]);
  });

  it('revoke: refused from the next request on', async () => {
    const issued = await h.api('POST', `${linkPath}/${walletId}/link`);
    expect(await check(issued.body.url)).toBe('result 0');
    expect((await h.api('DELETE', `${linkPath}/${walletId}/link`)).status).toBe(204);
    expect(await check(issued.body.url)).toBe('http 404');
    expect(
      (await h.api('GET', `${linkPath}/${walletId}/links`)).body.items.every((l: any) => l.revokedAt !== null),
    ).toBe(true);
  });

  it('a disabled wallet refuses PSP calls until enabled again; a deleted one is gone with its link', async () => {
    const issued = await h.api('POST', `${linkPath}/${walletId}/link`);
    expect((await h.api('PATCH', `${linkPath}/${walletId}`, { enabled: false })).body.enabled).toBe(false);
    expect(await check(issued.body.url)).toBe('http 404');
    expect((await h.api('PATCH', `${linkPath}/${walletId}`, { enabled: true })).body.enabled).toBe(true);
    expect(await check(issued.body.url)).toBe('result 0');

    const doomed = await h.api('POST', linkPath, {
      psp: 'qiwi_qvp',
      name: 'Doomed',
      currency: 'RUB',
      settings: { ipAllowList: ['127.0.0.1/32', '::1/128'] },
    });
    const doomedLink = await h.api('POST', `${linkPath}/${doomed.body.id}/link`);
    expect(await check(doomedLink.body.url)).toBe('result 0');
    expect((await h.api('DELETE', `${linkPath}/${doomed.body.id}`)).status).toBe(204);
    expect(await check(doomedLink.body.url)).toBe('http 404');
    expect((await h.api('GET', `${linkPath}/${doomed.body.id}`)).status).toBe(404);
    expect((await h.api('DELETE', `${linkPath}/${doomed.body.id}`)).status).toBe(404);
    expect((await h.api('GET', linkPath)).body.items.map((w: any) => w.id)).not.toContain(doomed.body.id);
  });

  it("another park's dispatcher reaches none of it", async () => {
    const other = newParkId();
    for (const [method, path] of [
      ['POST', 'link'],
      ['POST', 'link/regenerate'],
      ['DELETE', 'link'],
      ['GET', 'links'],
    ]) {
      expect((await h.api(method!, `/v1/parks/${other}/wallets/${walletId}/${path}`)).status).toBe(404);
      expect((await h.api(method!, `${linkPath}/${walletId}/${path}`, undefined, other)).status).toBe(403);
    }
  });
});
