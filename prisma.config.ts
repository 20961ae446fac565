import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (`prisma migrate deploy` where the schema engine can be downloaded).
// Offline, `npm run migrate` applies the same prisma/migrations folder (scripts/migrate.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/fleet' },
});
