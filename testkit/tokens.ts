import type { Config } from '../config';
import type { Role } from '../api-internal/auth';
import { signToken } from '../api-internal/tokens';

export function devToken(
  config: Config,
  parks: string[],
  role: Role = 'dispatcher',
  expiresIn = '10m',
  driverId?: string,
): Promise<string> {
  return signToken(
    { secret: config.INTERNAL_JWT_SECRET, issuer: config.INTERNAL_JWT_ISSUER, audience: config.INTERNAL_JWT_AUDIENCE },
    { parks, role, driverId },
    expiresIn,
  );
}
