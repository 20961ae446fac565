import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import { createExternalApp } from '../api-external/app';
import { externalOpenApiDocument } from '../api-external/openapi';
import { PSP_CODES, type PspCode } from '../domain/psp-codes';
import { createInternalApp, type InternalAppDeps } from '../api-internal/app';
import { ADAPTERS } from '../psp/registry';
import { describeOnly, OPENAPI_DIR, openApiFiles } from './openapi';

describe('committed OpenAPI documents', () => {
  it('are what the code writes today', () => {
    const stale = Object.entries(openApiFiles())
      .filter(([name, content]) => readFileSync(join(OPENAPI_DIR, name), 'utf8') !== content)
      .map(([name]) => `docs/openapi/${name} is stale: run npm run openapi`);
    expect(stale).toEqual([]);
  });
});

describe('api-external OpenAPI document', () => {
  it('has a callback route for every PSP of the registry, with its methods and answer types', () => {
    const doc = externalOpenApiDocument();
    const links = Object.keys(doc.paths).filter((p) => /^\/psp\/[^/]+\/\{secret\}$/.test(p));
    expect(links.sort()).toEqual([...ADAPTERS.keys()].map((code) => `/psp/${code}/{secret}`).sort());
    expect(Object.keys(doc.paths['/psp/tbc/{secret}']!)).toEqual(['get']);
    const qiwiPay = doc.paths['/psp/qiwi_qvp/{secret}']!.post as any;
    expect(Object.keys(qiwiPay.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(Object.keys(qiwiPay.responses['200'].content)).toEqual(['text/xml']);
    expect(doc.paths['/psp/easypay/{secret}/api/payments']).toHaveProperty('post');
  });

  it('serves every PSP code a wallet may name', () => {
    expect([...ADAPTERS.keys()].sort()).toEqual([...PSP_CODES].sort());
  });

  it('describes a PSP it has no words for yet from its registry line alone', () => {
    const doc = externalOpenApiDocument(['tbc', 'newpsp' as PspCode]);
    expect(Object.keys(doc.paths)).toEqual(['/psp/tbc/{secret}', '/psp/newpsp/{secret}']);
    expect((doc.paths['/psp/newpsp/{secret}']!.post as any).description).toContain('psp/newpsp/README.md');
  });

  it('is served by api-external at GET /openapi.json', async () => {
    const app = createExternalApp({
      handle: () => Promise.reject(new Error('no PSP call is made in this test')),
      maxBodyBytes: 1024,
      trustedProxies: [],
    });
    expect(await served(app)).toEqual(JSON.parse(openApiFiles()['api-external.json']!));
  });
});

describe('api-internal OpenAPI document', () => {
  it('is served by api-internal at GET /openapi.json', async () => {
    const auth = { secret: 'openapi-test-secret-0123456789abcdef', issuer: 'fleet-payment-systems', audience: 'api' };
    const app = createInternalApp(describeOnly<InternalAppDeps>({ auth, log: pino({ level: 'silent' }) }));
    expect(await served(app)).toEqual(JSON.parse(openApiFiles()['api-internal.json']!));
  });
});

/** GET /openapi.json from the app on a loopback port. */
async function served(app: Express): Promise<unknown> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((ready) => server.once('listening', ready));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    expect(res.status).toBe(200);
    return await res.json();
  } finally {
    await new Promise((closed) => server.close(closed));
  }
}
