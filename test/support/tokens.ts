import type { Config } from '../../config';
import { signToken } from '../../api-internal/tokens';

export function devToken(config: Config, parks: string[], role: 'dispatcher' | 'driver' | 'ops' = 'dispatcher', expiresIn = '10m'): Promise<string> {
  return signToken({ secret: config.INTERNAL_JWT_SECRET, issuer: config.INTERNAL_JWT_ISSUER, audience: config.INTERNAL_JWT_AUDIENCE }, { parks, role }, expiresIn);
}
