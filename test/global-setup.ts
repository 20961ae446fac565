import Redis from 'ioredis';
import { connect } from 'node:net';
import { ensureDatabase, resetDatabase } from '../storage/migrations';

/**
 * Jest globalSetup: points the tests at the services of `scripts/services.sh up`, fails fast with the fix when one is
 * down, and starts every run from an empty, freshly migrated database and an empty Redis. Variables set here reach
 * the tests: globalSetup runs in the Jest process before any test environment copies process.env.
 */

const TEST_ENV = {
  DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:5432/fleet_test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  INTERNAL_JWT_SECRET: 'test-only-internal-jwt-secret-0123456789',
  CREDENTIALS_KEYS: 'test-1:vMfTXusvuBzBBxQJuOyy97JTm5iM-i304QvwxaITi7k',
};

const CONNECT_TIMEOUT_MS = 5000;

export default async function globalSetup(): Promise<void> {
  for (const [name, value] of Object.entries(TEST_ENV)) process.env[name] ??= value;
  const env = process.env as typeof TEST_ENV;

  const unreachable = (
    await Promise.all([
      checkReachable('Postgres', endpointOf(env.DATABASE_URL, 5432)),
      checkReachable('Redis', endpointOf(env.REDIS_URL, 6379)),
      checkReachable('Temporal', endpointOf(`tcp://${env.TEMPORAL_ADDRESS}`, 7233)),
    ])
  ).filter((problem): problem is string => problem !== undefined);
  if (unreachable.length > 0) throw new Error(unreachable.join('\n'));

  // The reset drops every table: never let a mistyped DATABASE_URL point it at a database that matters.
  const database = new URL(env.DATABASE_URL).pathname.slice(1);
  if (!/test/.test(database)) {
    throw new Error(`refusing to reset database "${database}" for the tests: its name must contain "test"`);
  }
  // Parallel runs (several engineers, one machine) each name their own test database and Redis db index.
  await ensureDatabase(env.DATABASE_URL);
  await resetDatabase(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

interface Endpoint {
  host: string;
  port: number;
}

function endpointOf(url: string, defaultPort: number): Endpoint {
  const { hostname, port } = new URL(url);
  return { host: hostname.replace(/^\[|\]$/g, ''), port: port ? Number(port) : defaultPort };
}

function checkReachable(service: string, { host, port }: Endpoint): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    const done = (problem?: string) => {
      socket.destroy();
      resolve(problem);
    };
    const notReachable = `${service} is not reachable at ${host}:${port}; run \`npm run services:up\``;
    socket.once('connect', () => done());
    socket.once('error', () => done(notReachable));
    socket.once('timeout', () => done(notReachable));
  });
}
