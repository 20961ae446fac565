import { z } from 'zod';
import { jsonHttp, type NeighbourOptions } from './http';

/** The company's API-key service (docs/uapi-keys.md): generates secrets, keeps their hashes, verifies them. */

export interface UapiKey {
  id: string;
  namespace: string;
  owner: string;
  prefix: string;
  metadata: Record<string, string>;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface UapiKeysClient {
  create(req: {
    namespace: string;
    owner: string;
    metadata: Record<string, string>;
  }): Promise<{ key: UapiKey; secret: string }>;
  list(namespace: string, owner: string): Promise<UapiKey[]>;
  revoke(id: string): Promise<UapiKey | null>;
  /** The live key a secret belongs to, or null (unknown, revoked, other namespace). */
  verify(namespace: string, secret: string): Promise<UapiKey | null>;
}

const date = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const keySchema = z
  .object({
    id: z.string().min(1),
    namespace: z.string(),
    owner: z.string(),
    prefix: z.string(),
    metadata: z.record(z.string(), z.string()),
    created_at: date,
    last_used_at: date.nullable(),
    revoked_at: date.nullable(),
  })
  .transform((k): UapiKey => ({
    id: k.id,
    namespace: k.namespace,
    owner: k.owner,
    prefix: k.prefix,
    metadata: k.metadata,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at,
    revokedAt: k.revoked_at,
  }));
const keyAnswer = z.object({ key: keySchema }).transform((a) => a.key);

export function createUapiKeysClient(opts: NeighbourOptions & { token?: string }): UapiKeysClient {
  const http = jsonHttp('uapi-keys', opts);
  const headers = opts.token ? { authorization: `Bearer ${opts.token}` } : undefined;
  return {
    create: (req) =>
      http.send(
        { method: 'POST', path: '/v1/keys', body: req, headers },
        z.object({ key: keySchema, secret: z.string().min(32) }),
      ),
    list: async (namespace, owner) => {
      const query = new URLSearchParams({ namespace, owner });
      return (
        await http.send({ method: 'GET', path: `/v1/keys?${query}`, headers }, z.object({ items: z.array(keySchema) }))
      ).items;
    },
    revoke: (id) =>
      http.find({ method: 'POST', path: `/v1/keys/${encodeURIComponent(id)}/revoke`, headers }, keyAnswer),
    verify: (namespace, secret) =>
      http.find({ method: 'POST', path: '/v1/keys/verify', body: { namespace, secret }, headers }, keyAnswer),
  };
}
