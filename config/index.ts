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
    DATABASE_URL: url,
    REDIS_URL: url.optional(),
    TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_UI_URL: url.default('http://127.0.0.1:8233'),
    PAYMENTS_TASK_QUEUE: z.string().default('payments'),
    /** How often the payment sweep resumes payments left `accepted` (a Temporal Schedule); 0 turns it off. */
    PAYMENT_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
    /** Task queue of the maintenance worker (credential rotation and other ops workflows). */
    MAINTENANCE_TASK_QUEUE: z.string().default('maintenance'),
    API_EXTERNAL_PORT: port.default(8080),
    API_INTERNAL_PORT: port.default(8081),
    /** Where PSPs reach api-external; callback links are built on it. */
    PUBLIC_CALLBACK_BASE_URL: url.default('http://127.0.0.1:8080'),
    /** Proxies whose X-Forwarded-For is believed when checking a PSP's IP allow-list. */
    TRUSTED_PROXIES: cidrList.default([]),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(64 * 1024),
    BILLING_URL: url.default('http://127.0.0.1:8091'),
    FLEET_TRANSACTIONS_URL: url.default('http://127.0.0.1:8092'),
    DRIVER_PROFILES_URL: url.default('http://127.0.0.1:8093'),
    /** Where callback-link secrets live: our Postgres (`local`) or the company's uapi-keys service. */
    LINK_ISSUER: z.enum(['local', 'uapi-keys']).default('local'),
    UAPI_KEYS_URL: url.optional(),
    /** Service token for uapi-keys, when it requires one. */
    UAPI_KEYS_TOKEN: z.string().min(1).optional(),
    /** Paystack's API (transaction verify); a stand-in in tests and the demo. */
    PAYSTACK_API_URL: url.default('https://api.paystack.co'),
    /** QIWI Wallet Pull REST API v2 (bills); a stand-in in tests and the demo. */
    QIWI_API_URL: url.default('https://api.qiwi.com'),
    NEIGHBOUR_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
    /** Migration flags for the legacy Redis wallet store `PaySystem:Items:{park_id}`. */
    WALLET_DUAL_WRITE: bool.default(false),
    WALLET_READ_STORE: z.enum(['postgres', 'redis']).default('postgres'),
    /** HS256 secret for api-internal bearer tokens (dev tokens); at least 32 bytes. This or the JWKS URL is required. */
    INTERNAL_JWT_SECRET: z.string().min(32).optional(),
    /** JWKS of the identity provider: asymmetric bearer tokens are verified against its keys (by kid). */
    INTERNAL_JWT_JWKS_URL: url.optional(),
    INTERNAL_JWT_ISSUER: z.string().default('fleet-payment-systems'),
    INTERNAL_JWT_AUDIENCE: z.string().default('api-internal'),
    /** Key ring sealing wallet credentials at rest (JWE dir + A256GCM); newest last, new writes use it. */
    CREDENTIALS_KEYS: keyRing,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** How often the credential expiry reminders run (a Temporal Schedule, maintenance queue); 0 turns it off. */
    CREDENTIAL_REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(86_400),
    /** SMTP server for notices to parks, `smtp://[user:password@]host:port`; Mailpit in `npm start` and tests. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://host:port or smtps://…')
      .default('smtp://127.0.0.1:1025'),
    /** Sender of notices to parks. */
    MAIL_FROM: z.string().min(3).default('Fleet payments <no-reply@fleet-payment-systems.local>'),
    SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
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
