import type { Role } from '../api-internal/auth';
import { signToken } from '../api-internal/tokens';

/** The secret `npm start` uses on embedded defaults; never used when INTERNAL_JWT_SECRET is set. */
export const DEV_SECRET = 'local-development-secret-not-for-production';

const ROLES: Role[] = ['dispatcher', 'driver', 'ops'];

/** Prints a token for local use: `npm run dev-token -- <park_id> [dispatcher|driver|ops] [driver_id]`. */
async function main() {
  const [parkId = 'park-demo', role = 'dispatcher', driverId] = process.argv.slice(2);
  if (!ROLES.includes(role as Role) || (role === 'driver' && !driverId)) {
    process.stderr.write('usage: npm run dev-token -- <park_id> [dispatcher|driver|ops] [driver_id, for driver]\n');
    process.exit(2);
  }
  const token = await signToken(
    {
      secret: process.env.INTERNAL_JWT_SECRET ?? DEV_SECRET,
      issuer: process.env.INTERNAL_JWT_ISSUER ?? 'fleet-payment-systems',
      audience: process.env.INTERNAL_JWT_AUDIENCE ?? 'api-internal',
    },
    { parks: [parkId], role: role as Role, driverId },
    '12h',
  );
  process.stdout.write(`${token}\n`);
}

if (require.main === module) void main();
