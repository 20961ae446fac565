import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

/**
 * Prisma, plus `pool`: the same connections, for the few statements every PSP call runs (link, wallet, repeat-PAY
 * lookups). Those run as named prepared statements on raw `pg`, because Prisma's query compiler cost more CPU than
 * the indexed lookups themselves (docs/performance.md).
 */
export type Db = PrismaClient & { readonly pool: Pool };

export function createDb(databaseUrl: string, poolMax = 10): Db {
  const pool = new Pool({ connectionString: databaseUrl, max: poolMax });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return Object.assign(client, { pool });
}
