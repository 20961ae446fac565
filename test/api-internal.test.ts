import { SignJWT } from 'jose';
import { hashToken } from '../storage/links';
import { newParkId, startHarness, type Harness } from '../testkit/harness';
import { devToken } from '../testkit/tokens';

// Dispatcher API basics: bearer tokens, park scoping, wallets and the once-shown link secret.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: false });
});
afterAll(() => h?.close());

async function raw(path: string, token?: string, init: RequestInit = {}) {
  const res = await fetch(`${h.internalUrl}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('authentication', () => {
  const sign = (secret: string, claims: { aud?: string; iss?: string; exp?: number }) =>
    new SignJWT({ parks: ['p1'], role: 'dispatcher' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(claims.iss ?? h.config.INTERNAL_JWT_ISSUER)
      .setAudience(claims.aud ?? h.config.INTERNAL_JWT_AUDIENCE)
      .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 60)
      .sign(new TextEncoder().encode(secret));

  it.each([
    ['no token', async () => undefined],
    ['expired', async () => sign(h.config.INTERNAL_JWT_SECRET!, { exp: Math.floor(Date.now() / 1000) - 10 })],
    ['wrong signature', async () => sign('another-secret-of-enough-length-0123456789', {})],
    ['wrong audience', async () => sign(h.config.INTERNAL_JWT_SECRET!, { aud: 'someone-else' })],
    ['wrong issuer', async () => sign(h.config.INTERNAL_JWT_SECRET!, { iss: 'someone-else' })],
  ])('%s → 401 with a JSON reason', async (_name, token) => {
    const res = await raw('/v1/parks/p1/wallets', await token());
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });
});

describe('park scoping', () => {
  it('a token of park A cannot list, read, change or link park B wallets', async () => {
    const [a, b] = [newParkId(), newParkId()];
    const wallet = await h.api('POST', `/v1/parks/${b}/wallets`, { psp: 'qiwi_qvp', name: 'B', currency: 'RUB' });
    const tokenA = await devToken(h.config, [a]);
    expect((await raw(`/v1/parks/${b}/wallets`, tokenA)).status).toBe(403);
    expect((await raw(`/v1/parks/${b}/wallets/${wallet.body.id}`, tokenA)).status).toBe(403);
    // Through its own park path, B's wallet id finds nothing.
    expect((await raw(`/v1/parks/${a}/wallets/${wallet.body.id}`, tokenA)).status).toBe(404);
    expect((await raw(`/v1/parks/${a}/wallets/${wallet.body.id}/link`, tokenA, { method: 'POST' })).status).toBe(404);
    expect((await raw(`/v1/parks/${a}/wallets`, tokenA)).body.items).toEqual([]);
  });

  it('a driver token is refused on dispatcher routes', async () => {
    const park = newParkId();
    expect((await raw(`/v1/parks/${park}/wallets`, await devToken(h.config, [park], 'driver'))).status).toBe(403);
  });
});

describe('wallets and links', () => {
  it('validates input and names the failing field', async () => {
    const park = newParkId();
    const res = await h.api('POST', `/v1/parks/${park}/wallets`, { psp: 'qiwi_qvp', name: 'x', currency: 'XXX' });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('currency');
    expect(
      (await h.api('POST', `/v1/parks/${park}/wallets`, { psp: 'nope', name: 'x', currency: 'RUB' })).body.field,
    ).toBe('psp');
  });

  it("judges settings by the PSP's rules when they are saved: 400 names them, nothing changes", async () => {
    const park = newParkId();
    const create = (settings: Record<string, unknown>) =>
      h.api('POST', `/v1/parks/${park}/wallets`, { psp: 'qiwi_qvp', name: 'x', currency: 'RUB', settings });
    const bad = await create({ minAmountMinor: '500', maxAmountMinor: '100' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_request', field: 'settings' });
    expect(bad.body.message).toContain('minAmountMinor');
    expect((await create({ ipAllowList: ['79.142.16.0/33'] })).body).toMatchObject({ field: 'settings.ipAllowList' });
    expect((await create({ ipAllowList: ['not-an-address'] })).status).toBe(400);
    expect((await h.api('GET', `/v1/parks/${park}/wallets`)).body.items).toEqual([]);

    const good = await create({ ipAllowList: ['79.142.16.0/20', '::1'], minAmountMinor: '100' });
    expect(good.status).toBe(201);
    const path = `/v1/parks/${park}/wallets/${good.body.id}`;
    const patched = await h.api('PATCH', path, { settings: { paramNames: { account: 'sum' } } });
    expect(patched).toMatchObject({ status: 400, body: { field: 'settings' } });
    expect((await h.api('GET', path)).body.settings).toEqual({
      ipAllowList: ['79.142.16.0/20', '::1'],
      minAmountMinor: '100',
    });
    expect((await h.api('PATCH', path, { settings: { paramNames: { account: 'number' } } })).status).toBe(200);
  });

  it('shows the link secret once and stores only its hash', async () => {
    const park = newParkId();
    const wallet = await h.api('POST', `/v1/parks/${park}/wallets`, { psp: 'qiwi_qvp', name: 'Main', currency: 'RUB' });
    const issued = await h.api('POST', `/v1/parks/${park}/wallets/${wallet.body.id}/link`);
    expect(issued.status).toBe(201);
    const secret = (issued.body.url as string).split('/').pop()!;
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(secret.startsWith(issued.body.prefix)).toBe(true);

    const listed = await h.api('GET', `/v1/parks/${park}/wallets/${wallet.body.id}/links`);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const rows = await h.sys.db.callbackLink.findMany({ where: { parkId: park } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(secret));
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('issuing a new link revokes the old one', async () => {
    const park = newParkId();
    const wallet = await h.api('POST', `/v1/parks/${park}/wallets`, { psp: 'qiwi_qvp', name: 'Main', currency: 'RUB' });
    await h.api('POST', `/v1/parks/${park}/wallets/${wallet.body.id}/link`);
    await h.api('POST', `/v1/parks/${park}/wallets/${wallet.body.id}/link`);
    const links = (await h.api('GET', `/v1/parks/${park}/wallets/${wallet.body.id}/links`)).body.items as Array<{
      revokedAt: string | null;
    }>;
    expect(links.map((l) => l.revokedAt === null)).toEqual([true, false]);
  });
});
