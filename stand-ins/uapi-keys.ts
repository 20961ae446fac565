import { createHash, randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { HttpRefusal, parse, serve, type StandIn, type StandInService } from './faults';

/** uapi-keys (docs/uapi-keys.md): API keys by namespace and owner; only the sha256 of a secret is kept. */

interface Key {
  id: string;
  namespace: string;
  owner: string;
  prefix: string;
  metadata: Record<string, string>;
  hash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const view = (k: Key) => ({
  id: k.id,
  namespace: k.namespace,
  owner: k.owner,
  prefix: k.prefix,
  metadata: k.metadata,
  created_at: k.createdAt.toISOString(),
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
  revoked_at: k.revokedAt?.toISOString() ?? null,
});

const createBody = z.strictObject({
  namespace: z.string().min(1).max(100),
  owner: z.string().min(1).max(300),
  metadata: z.record(z.string(), z.string()).default({}),
});
const verifyBody = z.strictObject({ namespace: z.string().min(1), secret: z.string().min(1).max(200) });
const listQuery = z.object({ namespace: z.string().min(1), owner: z.string().min(1) });

export function createUapiKeys(token?: string): StandInService {
  const keys = new Map<string, Key>();
  const byHash = new Map<string, Key>();
  const routes = express.Router();

  routes.use('/v1', (req, _res, next) => {
    if (token && req.headers.authorization !== `Bearer ${token}`)
      throw new HttpRefusal(401, 'unauthorized', 'service token required');
    next();
  });
  routes.post('/v1/keys', (req, res) => {
    const body = parse(createBody, req.body);
    const secret = randomBytes(32).toString('base64url');
    const key: Key = {
      id: `key_${randomUUID()}`,
      ...body,
      prefix: secret.slice(0, 8),
      hash: sha256(secret),
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    };
    keys.set(key.id, key);
    byHash.set(key.hash, key);
    res.status(201).json({ key: view(key), secret });
  });
  routes.get('/v1/keys', (req, res) => {
    const q = parse(listQuery, req.query);
    const items = [...keys.values()].filter((k) => k.namespace === q.namespace && k.owner === q.owner).reverse();
    res.json({ items: items.map(view) });
  });
  routes.post('/v1/keys/verify', (req, res) => {
    const body = parse(verifyBody, req.body);
    const key = byHash.get(sha256(body.secret));
    if (!key || key.revokedAt || key.namespace !== body.namespace)
      throw new HttpRefusal(404, 'not_found', 'no such live key');
    key.lastUsedAt = new Date();
    res.json({ key: view(key) });
  });
  routes.post('/v1/keys/:id/revoke', (req, res) => {
    const key = keys.get(req.params.id);
    if (!key) throw new HttpRefusal(404, 'not_found', 'no such key');
    key.revokedAt ??= new Date();
    res.json({ key: view(key) });
  });

  return {
    routes,
    // Hashes only: the state a test inspects holds no secret either.
    state: () => ({ keys: [...keys.values()].map((k) => ({ ...view(k), hash: k.hash })) }),
    reset() {
      keys.clear();
      byHash.clear();
    },
  };
}

export function startUapiKeys(port = 0, opts: { host?: string; token?: string } = {}): Promise<StandIn> {
  return serve(createUapiKeys(opts.token), port, opts.host);
}
