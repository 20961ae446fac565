import { z } from 'zod';

/**
 * The one configuration schema of every process. Read once at start; a bad value stops the process with a message
 * naming the variable, instead of failing later on the money path.
 */
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const port = z.coerce.number().int().min(0).max(65535);
const url = z.string().url();
/**
 * `kid:base64url-key,...`, newest LAST: each key 32 bytes (A256GCM). Old keys stay listed until the rotation workflow
 * has re-sealed every credential under the newest one; then they can be dropped.
 */
const keyRing = z.string().transform((s, ctx) => {
  const keys = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((entry) => {
      const [kid = '', b64 = ''] = entry.split(':');
      return { kid, key: new Uint8Array(Buffer.from(b64, 'base64url')) };
    });
  const bad = keys.find(({ kid, key }) => !/^[\w.-]{1,64}$/.test(kid) || key.length !== 32);
  if (keys.length === 0 || bad) {
    ctx.addIssue({
      code: 'custom',
      message: `expected kid:base64url-32-byte-key[,...]${bad ? `; key "${bad.kid}" is malformed` : ''}`,
    });
    return z.NEVER;
  }
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) {
    ctx.addIssue({ code: 'custom', message: 'key ids must be unique' });
    return z.NEVER;
  }
  return keys;
});
const cidrList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

export const configSchema = z
  .object({
    DATABASE_URL: url.describe(
      'Postgres. `npm start` runs an embedded PGlite when it is unset; required everywhere else',
    ),
    REDIS_URL: url
      .optional()
      .describe('Redis of the legacy wallet store; required while the wallet migration phase is not `pg-only`'),
    TEMPORAL_ADDRESS: z
      .string()
      .default('127.0.0.1:7233')
      .describe('Temporal frontend (`npm start` starts a dev server when it is unset)'),
    TEMPORAL_NAMESPACE: z.string().default('default').describe('Temporal namespace of every workflow'),
    TEMPORAL_UI_URL: url.default('http://127.0.0.1:8233').describe('Temporal Web UI, printed for operators'),
    PAYMENTS_TASK_QUEUE: z.string().default('payments').describe('task queue of the payments worker'),
    PAYMENT_SWEEP_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(60)
      .describe('how often the payment sweep (a Temporal Schedule) resumes payments left `accepted`; 0 turns it off'),
    MAINTENANCE_TASK_QUEUE: z
      .string()
      .default('maintenance')
      .describe('task queue of the maintenance worker (credential rotation and other ops workflows)'),
    API_EXTERNAL_PORT: port.default(8080).describe('port of the PSP-facing gateway'),
    API_INTERNAL_PORT: port.default(8081).describe('port of the dispatcher / Pro / ops API'),
    PUBLIC_CALLBACK_BASE_URL: url
      .default('http://127.0.0.1:8080')
      .describe('where PSPs reach api-external: the base of the callback links handed to PSPs'),
    TRUSTED_PROXIES: cidrList
      .default([])
      .describe("comma-separated CIDRs whose `X-Forwarded-For` is believed when checking a PSP's IP allow-list"),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(64 * 1024)
      .describe('cap on a PSP request body'),
    BILLING_URL: url
      .default('http://127.0.0.1:8091')
      .describe('billing, which credits drivers (`npm start` runs stand-ins when the three neighbour URLs are unset)'),
    FLEET_TRANSACTIONS_URL: url
      .default('http://127.0.0.1:8092')
      .describe('fleet-transactions-api, which records top-ups'),
    DRIVER_PROFILES_URL: url.default('http://127.0.0.1:8093').describe('driver profiles, asked at CHECK'),
    LINK_ISSUER: z
      .enum(['local', 'uapi-keys'])
      .default('local')
      .describe("where callback-link secrets live: our Postgres (hashes only) or the company's uapi-keys service"),
    UAPI_KEYS_URL: url.optional().describe('the uapi-keys service; required when `LINK_ISSUER=uapi-keys`'),
    UAPI_KEYS_TOKEN: z.string().min(1).optional().describe('service token for uapi-keys, when it requires one'),
    PAYSTACK_API_URL: url
      .default('https://api.paystack.co')
      .describe("Paystack's API (transaction verify); a stand-in in tests and the demo"),
    QIWI_API_URL: url
      .default('https://api.qiwi.com')
      .describe('QIWI Wallet Pull REST API v2 (bills); a stand-in in tests and the demo'),
    NEIGHBOUR_TIMEOUT_MS: z.coerce.number().int().positive().default(5000).describe('per-call timeout to a neighbour'),
    WALLET_DUAL_WRITE: bool
      .default(false)
      .describe(
        'bootstrap only, until the first `POST /v1/ops/wallet-migration/phase`: mirror wallet writes into the legacy ' +
          'Redis store `PaySystem:Items:{park_id}` (with `WALLET_READ_STORE=postgres`: phase `pg-primary`)',
      ),
    WALLET_READ_STORE: z
      .enum(['postgres', 'redis'])
      .default('postgres')
      .describe(
        'bootstrap only, like `WALLET_DUAL_WRITE`: `redis` starts in phase `redis-primary`; once a phase is stored ' +
          'in Postgres, every process follows it and both flags are ignored',
      ),
    LEGACY_WALLETS_AUDIENCE: z
      .string()
      .default('legacy-wallets')
      .describe(
        "expected `aud` of the legacy system's service tokens for `GET /legacy/v1/parks/{parkId}/wallets` " +
          '(same issuer and keys as the bearer tokens; scope `legacy-wallets:read`)',
      ),
    INTERNAL_JWT_SECRET: z
      .string()
      .min(32)
      .optional()
      .describe(
        'HS256 key of dev bearer tokens, at least 32 characters; required unless `INTERNAL_JWT_JWKS_URL` is set ' +
          '(`npm start` uses a dev secret)',
      ),
    INTERNAL_JWT_JWKS_URL: url
      .optional()
      .describe("the identity provider's JWKS: asymmetric bearer tokens are verified against its keys by `kid`"),
    INTERNAL_JWT_ISSUER: z.string().default('fleet-payment-systems').describe('expected `iss` of bearer tokens'),
    INTERNAL_JWT_AUDIENCE: z.string().default('api-internal').describe('expected `aud` of bearer tokens'),
    CREDENTIALS_KEYS: keyRing.describe(
      'key ring sealing wallet credentials at rest (JWE dir + A256GCM): `kid:base64url-32-byte-key`, ' +
        'comma-separated, newest last; new writes use the newest (`npm start` uses a dev key)',
    ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino level'),
    CREDENTIAL_REMINDER_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(86_400)
      .describe(
        'how often the credential expiry reminders run (a Temporal Schedule, maintenance queue); 0 turns it off',
      ),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://host:port or smtps://…')
      .default('smtp://127.0.0.1:1025')
      .describe(
        'SMTP server for notices to parks, `smtp://[user:password@]host:port`; Mailpit in `npm start` and tests',
      ),
    MAIL_FROM: z
      .string()
      .min(3)
      .default('Fleet payments <no-reply@fleet-payment-systems.local>')
      .describe('sender of notices to parks'),
    SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000).describe('per-message SMTP timeout'),
    WORKER_METRICS_PORT: port
      .default(9464)
      .describe("port of the worker process's Prometheus `/metrics` (payments, neighbours, stuck payments)"),
    TEMPORAL_METRICS_PORT: port
      .default(9465)
      .describe("port of the Temporal SDK's own Prometheus `/metrics` in the worker process (task latencies, slots)"),
    DISPATCHER_CONSOLE_URL: url
      .default('http://127.0.0.1:3000')
      .describe(
        'the dispatcher console (web app) parks renew credentials in; reminder e-mails link to ' +
          '`{url}/parks/{parkId}/wallets/{walletId}`',
      ),
    INVOICE_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(45 * 24 * 3600)
      .default(24 * 3600)
      .describe("how long a Pro invoice stays payable unless the request names a shorter TTL (QIWI's limit: 45 days)"),
    INVOICE_POLL_INITIAL_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe("first wait before an invoice workflow asks the PSP for the bill's status; each next wait doubles"),
    INVOICE_POLL_MAX_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(300_000)
      .describe('longest wait between two status polls of an invoice'),
    QIWI_RECONCILE_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(300)
      .describe(
        'how often the QIWI periodic (a Temporal Schedule) settles QIWI invoices no workflow watches; 0 turns it off',
      ),
  })
  .superRefine((c, ctx) => {
    const needsRedis = c.WALLET_DUAL_WRITE || c.WALLET_READ_STORE === 'redis';
    if (needsRedis && !c.REDIS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'required while the legacy wallet store is in use',
      });
    }
    if (!c.INTERNAL_JWT_SECRET && !c.INTERNAL_JWT_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['INTERNAL_JWT_SECRET'],
        message: 'required unless INTERNAL_JWT_JWKS_URL is set',
      });
    }
    if (c.LINK_ISSUER === 'uapi-keys' && !c.UAPI_KEYS_URL) {
      ctx.addIssue({ code: 'custom', path: ['UAPI_KEYS_URL'], message: 'required when LINK_ISSUER=uapi-keys' });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
