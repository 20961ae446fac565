import { applyMigrations } from '../storage/migrations';

/** `npm run migrate`: applies pending prisma/migrations to DATABASE_URL (offline stand-in for `prisma migrate deploy`). */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (e.g. eval "$(bash scripts/services.sh env)")');
  const applied = await applyMigrations(databaseUrl, { log: (line) => console.log(line) });
  console.log(applied.length === 0 ? 'database is up to date' : `${applied.length} migration(s) applied`);
}

main().catch((err: Error) => {
  console.error(`migrate: ${err.message}`);
  process.exit(1);
});
