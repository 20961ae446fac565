import type { Express } from 'express';
import { createInternalApp } from '../api-internal/app';
import { internalUseCases } from '../system/deps';
import { newParkId, startHarness, type Harness } from '../testkit/harness';

// The OpenAPI document is written from the same operations that mount the routes; these tests hold it to the router.
let h: Harness;
let app: Express;
beforeAll(async () => {
  h = await startHarness({ worker: false });
  const { sys } = h;
  app = createInternalApp({
    ...internalUseCases(sys),
    log: sys.log,
    auth: {
      secret: sys.config.INTERNAL_JWT_SECRET,
      issuer: sys.config.INTERNAL_JWT_ISSUER,
      audience: sys.config.INTERNAL_JWT_AUDIENCE,
    },
  });
});
afterAll(() => h?.close());

const documentOf = async () => {
  const res = await fetch(`${h.internalUrl}/openapi.json`);
  return { status: res.status, doc: (await res.json()) as any };
};

/** `[METHOD, /openapi/{style}]` for every route the Express app serves. */
function expressRoutes(): string[] {
  const stack = (
    app as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }
  ).router.stack;
  return stack
    .filter((layer) => layer.route)
    .flatMap(({ route }) =>
      Object.keys(route!.methods).map((m) => `${m.toUpperCase()} ${route!.path.replace(/:(\w+)/g, '{$1}')}`),
    );
}

describe('OpenAPI document', () => {
  it('is served without a token as OpenAPI 3.1', async () => {
    const { status, doc } = await documentOf();
    expect(status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('lists every route of the Express router, and nothing it does not serve', async () => {
    const { doc } = await documentOf();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = expressRoutes().filter((r) => r.includes(' /v1/'));
    expect(served.length).toBeGreaterThanOrEqual(16);
    expect([...served].sort()).toEqual([...documented].sort());
    expect(expressRoutes()).toEqual(expect.arrayContaining(['GET /openapi.json', 'GET /healthz']));
  });

  it('describes parameters, bodies and answers from the validating schemas', async () => {
    const { doc } = await documentOf();
    const create = doc.paths['/v1/parks/{parkId}/wallets'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['psp', 'name', 'currency']),
    );
    expect(create.responses['201'].content['application/json'].schema.properties).toHaveProperty('hasCredentials');
    expect(create.responses['201'].content['application/json'].schema.properties).not.toHaveProperty('credentials');
    const list = doc.paths['/v1/parks/{parkId}/transactions'].get;
    expect(list.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual([
      'path:parkId',
      'query:from',
      'query:to',
      'query:state',
      'query:psp',
      'query:walletId',
      'query:driverId',
      'query:cursor',
      'query:limit',
    ]);
    expect(list.parameters.find((p: any) => p.name === 'limit').schema).toMatchObject({
      minimum: 1,
      maximum: 500,
      default: 50,
    });
    for (const ops of Object.values(doc.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(ops))
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
  });

  it('validates requests with the same schemas: 400 names the failing field', async () => {
    const park = newParkId();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', `/v1/parks/${park}/wallets`, { psp: 'qiwi_qvp', name: '', currency: 'RUB' }, 'name'],
      [
        'POST',
        `/v1/parks/${park}/wallets`,
        { psp: 'qiwi_qvp', name: 'x', currency: 'RUB', settings: { ipAllowList: 'all' } },
        'settings.ipAllowList',
      ],
      [
        'POST',
        `/v1/parks/${park}/wallets`,
        { psp: 'qiwi_qvp', name: 'x', currency: 'RUB', credentials: { key: 42 } },
        'credentials.key',
      ],
      [
        'POST',
        `/v1/parks/${park}/wallets`,
        { psp: 'qiwi_qvp', name: 'x', currency: 'RUB', surprise: true },
        'surprise',
      ],
      ['PATCH', `/v1/parks/${park}/wallets/00000000-0000-4000-8000-000000000000`, { enabled: 'yes' }, 'enabled'],
      ['GET', `/v1/parks/${park}/wallets/not-a-uuid`, undefined, 'walletId'],
      ['GET', `/v1/parks/${park}/transactions?limit=x`, undefined, 'limit'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await h.api(method, path, body);
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 400`);
      expect(res.body).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
      if (field) expect(res.body.field).toBe(field);
    }
    const malformed = await fetch(`${h.internalUrl}/v1/parks/${park}/wallets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token({ parkId: park })}`, 'content-type': 'application/json' },
      body: '{"psp":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_request', field: 'body' });
  });
});
