import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Applies prisma/migrations without the Prisma schema engine (which cannot be downloaded offline). The bookkeeping
 * in `_prisma_migrations` is the same as `prisma migrate deploy`'s, so either tool can take over a database.
 */

export interface MigrateOptions {
  log?: (line: string) => void;
  migrationsDir?: string;
}

const DEFAULT_MIGRATIONS_DIR = join(__dirname, '..', 'prisma', 'migrations');

/** The key `prisma migrate deploy` locks too, so this runner and Prisma's serialise with each other. */
const PRISMA_MIGRATE_LOCK = 72707369;

/** Prisma's own DDL for its history table (schema-engine, PostgreSQL flavour). */
const HISTORY_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface Migration {
  name: string;
  script: Buffer;
  checksum: string;
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** Returns the names of the migrations applied by this call (empty when the database was up to date). */
export async function applyMigrations(databaseUrl: string, opts: MigrateOptions = {}): Promise<string[]> {
  return withMigrationLock(databaseUrl, (client) => migrate(client, opts));
}

/** Creates the database named in the URL when it does not exist yet (connecting to `postgres` on the same server). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to create a database named ${JSON.stringify(name)}`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount)
      await client.query(`CREATE DATABASE "${name}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by a parallel run
      });
  } finally {
    await client.end();
  }
}

/** Test helper: empties the database and applies every migration from scratch. */
export async function resetDatabase(databaseUrl: string, opts: MigrateOptions = {}): Promise<string[]> {
  return withMigrationLock(databaseUrl, async (client) => {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    return migrate(client, opts);
  });
}

async function withMigrationLock<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    return await work(client);
  } finally {
    await client.end();
  }
}

async function migrate(client: Client, { log = () => {}, migrationsDir = DEFAULT_MIGRATIONS_DIR }: MigrateOptions) {
  const migrations = readMigrations(migrationsDir);
  await client.query(HISTORY_TABLE_DDL);
  const history = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const applied = checkHistory(history.rows, migrations);

  const appliedNow: string[] = [];
  for (const m of migrations.filter((x) => !applied.has(x.name))) {
    const started = Date.now();
    await applyOne(client, m);
    log(`applied ${m.name} (${Date.now() - started} ms)`);
    appliedNow.push(m.name);
  }
  return appliedNow;
}

function readMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const script = readFileSync(join(dir, name, 'migration.sql'));
      return { name, script, checksum: createHash('sha256').update(script).digest('hex') };
    });
}

/** Refuses what `prisma migrate` would refuse: a failed migration left behind, or a migration edited after it ran. */
function checkHistory(rows: HistoryRow[], migrations: Migration[]): Set<string> {
  const failed = rows.filter((r) => r.finished_at === null);
  if (failed.length > 0) {
    const names = failed.map((r) => r.migration_name).join(', ');
    throw new Error(
      `migration(s) ${names} started but never finished; fix the database and mark them with ` +
        '`prisma migrate resolve` (or delete their _prisma_migrations rows) before migrating again',
    );
  }
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of rows) {
    const file = byName.get(row.migration_name);
    if (file && !checksumMatches(file.script, row.checksum)) {
      throw new Error(
        `migration ${row.migration_name} was edited after it was applied (checksum ${row.checksum} in the database, ` +
          `${file.checksum} on disk); add a new migration instead of changing an applied one`,
      );
    }
  }
  return new Set(rows.map((r) => r.migration_name));
}

/** Like Prisma, a checkout with CRLF line endings (git on Windows) still matches. */
function checksumMatches(script: Buffer, checksum: string): boolean {
  const text = script.toString('utf8');
  return [text, text.replace(/\r\n/g, '\n'), text.replace(/\n/g, '\r\n')].some(
    (variant) => createHash('sha256').update(variant).digest('hex') === checksum,
  );
}

/**
 * One transaction per migration, so a failure leaves neither half a schema nor a history row behind. The script goes
 * as one simple query (no parameters), which keeps `DO $$ … $$` blocks intact.
 */
async function applyOne(client: Client, m: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, clock_timestamp())`,
      [id, m.checksum, m.name],
    );
    await client.query(m.script.toString('utf8'));
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`, { cause: err });
  }
}
