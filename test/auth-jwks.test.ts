import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { newParkId, startHarness, type Harness } from '../testkit/harness';

// Bearer tokens from an identity provider: asymmetric keys published as a JWKS (a real HTTP server here), next to dev HS256.
let h: Harness;
let jwksServer: Server;
let idp: { privateKey: CryptoKey; kid: string };
let impostor: { privateKey: CryptoKey };

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  idp = { privateKey: pair.privateKey, kid: 'idp-2026-11' };
  impostor = await generateKeyPair('ES256');
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: idp.kid, alg: 'ES256', use: 'sig' }] };
  jwksServer = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)),
  );
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  h = await startHarness({ worker: false, env: { INTERNAL_JWT_JWKS_URL: url } });
});
afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

const sign = (key: CryptoKey, claims: { parks: string[]; kid?: string; aud?: string; exp?: number; alg?: string }) =>
  new SignJWT({ parks: claims.parks, role: 'dispatcher' })
    .setProtectedHeader({ alg: claims.alg ?? 'ES256', kid: claims.kid ?? idp.kid })
    .setIssuer(h.config.INTERNAL_JWT_ISSUER)
    .setAudience(claims.aud ?? h.config.INTERNAL_JWT_AUDIENCE)
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 60)
    .sign(key);

const list = async (park: string, token: string) => {
  const res = await fetch(`${h.internalUrl}/v1/parks/${park}/wallets`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe('tokens verified against the JWKS', () => {
  it("accepts the identity provider's token, scoped to its parks", async () => {
    const park = newParkId();
    expect((await list(park, await sign(idp.privateKey, { parks: [park] }))).status).toBe(200);
    expect((await list(newParkId(), await sign(idp.privateKey, { parks: [park] }))).status).toBe(403);
  });

  it.each([
    ['signed by another key under the same kid', () => sign(impostor.privateKey, { parks: ['p'] })],
    ['naming a kid the JWKS lacks', () => sign(idp.privateKey, { parks: ['p'], kid: 'unknown' })],
    ['expired', () => sign(idp.privateKey, { parks: ['p'], exp: Math.floor(Date.now() / 1000) - 30 })],
    ['for another audience', () => sign(idp.privateKey, { parks: ['p'], aud: 'billing' })],
  ])('refuses a token %s with 401', async (_name, token) => {
    const res = await list('p', await token());
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });

  it('refuses a token without an expiry', async () => {
    const token = await new SignJWT({ parks: ['p'], role: 'dispatcher' })
      .setProtectedHeader({ alg: 'ES256', kid: idp.kid })
      .setIssuer(h.config.INTERNAL_JWT_ISSUER)
      .setAudience(h.config.INTERNAL_JWT_AUDIENCE)
      .sign(idp.privateKey);
    expect((await list('p', token)).status).toBe(401);
  });

  it('still takes the dev HS256 tokens while a secret is configured', async () => {
    const park = newParkId();
    expect((await list(park, await h.token({ parkId: park }))).status).toBe(200);
  });
});
