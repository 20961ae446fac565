import express from 'express';
import { driverKey, HttpRefusal, serve, type DriverSeed, type StandIn, type StandInService } from './faults';

/** Driver profiles: does a driver exist in a park, and in which status. */

export function createDriverProfiles(startDrivers: DriverSeed[] = []): StandInService {
  const drivers = new Map<string, DriverSeed>();
  const seedDrivers = (seeds: DriverSeed[]) => {
    for (const d of seeds) drivers.set(driverKey(d.parkId, d.id), d);
  };
  const profile = (d: DriverSeed) => ({
    id: d.id,
    park_id: d.parkId,
    display_name: d.displayName,
    status: d.status ?? 'working',
  });

  const routes = express.Router();
  routes.get('/v1/parks/:parkId/drivers/:driverId', (req, res) => {
    const driver = drivers.get(driverKey(req.params.parkId, req.params.driverId));
    if (!driver) throw new HttpRefusal(404, 'not_found', 'no such driver in this park');
    res.json(profile(driver));
  });

  seedDrivers(startDrivers);
  return {
    routes,
    seedDrivers,
    state: () => ({ drivers: [...drivers.values()].map(profile) }),
    reset() {
      drivers.clear();
      seedDrivers(startDrivers);
    },
  };
}

export function startDriverProfiles(port = 0, opts: { host?: string; drivers?: DriverSeed[] } = {}): Promise<StandIn> {
  return serve(createDriverProfiles(opts.drivers), port, opts.host);
}
