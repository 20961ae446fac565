import { z } from 'zod';
import { jsonHttp, type NeighbourOptions } from './http';

/** Driver profiles answer whether a driver exists in a park; CHECK relies on it and has no side effects. */

export type DriverStatus = 'working' | 'not_working' | 'fired';

export interface Driver {
  id: string;
  parkId: string;
  displayName: string;
  status: DriverStatus;
}

export interface DriverProfilesClient {
  /** null when the park has no such driver. */
  find(parkId: string, driverId: string): Promise<Driver | null>;
}

const driverAnswer = z
  .object({
    id: z.string(),
    park_id: z.string(),
    display_name: z.string(),
    status: z.enum(['working', 'not_working', 'fired']),
  })
  .transform((d): Driver => ({ id: d.id, parkId: d.park_id, displayName: d.display_name, status: d.status }));

export function createDriverProfilesClient(opts: NeighbourOptions): DriverProfilesClient {
  const http = jsonHttp('driver-profiles', opts);
  return {
    find: (parkId, driverId) =>
      http.find(
        { method: 'GET', path: `/v1/parks/${encodeURIComponent(parkId)}/drivers/${encodeURIComponent(driverId)}` },
        driverAnswer,
      ),
  };
}
