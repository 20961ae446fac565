import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Zero-setup Postgres: PGlite (PostgreSQL compiled to wasm, in this process) behind a wire-protocol socket, so `pg`
 * and Prisma's adapter-pg connect to it like to a server.
 *
 * Limits: one database (`postgres`); one backend shared by every connection, so queries run one at a time and
 * session state (SET, advisory locks, temp tables) is shared between connections; an open transaction holds back
 * the other connections until it ends. A data directory must be opened by one process at a time. Good for
 * `npm start` and small tests, not for load or concurrency tests.
 */

const IN_MEMORY = 'memory://';

export interface EmbeddedPostgresOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where the database persists (default `defaultPgDataDir()`); `memory://` keeps it in memory only. */
  dataDir?: string;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export function defaultPgDataDir(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'fleet-payment-systems', 'pgdata');
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = opts.dataDir ?? defaultPgDataDir();
  if (dataDir !== IN_MEMORY) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir });
  // The socket server accepts a single client unless told otherwise; pools open several.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port ?? 0, maxConnections: 100 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const port = server.getServerConn().split(':').pop();
  return {
    // PGlite does not check passwords; sslmode=disable because the socket server refuses SSL.
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
