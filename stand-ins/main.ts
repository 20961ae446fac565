import pino from 'pino';
import { z } from 'zod';
import { startStandIns } from './index';
import { PSP_APIS } from './psp-apis';

/** Runs the stand-ins for local work: `tsx stand-ins/main.ts`. */

const port = z.coerce.number().int().min(0).max(65535);
const env = z
  .object({
    BILLING_PORT: port.default(8091),
    FLEET_TRANSACTIONS_PORT: port.default(8092),
    DRIVER_PROFILES_PORT: port.default(8093),
    STAND_INS_HOST: z.string().default('127.0.0.1'),
  })
  .parse(process.env);
/** A PSP API's stand-in listens on `<NAME>_PORT` (e.g. PAYSTACK_PORT, QIWI_PULL_PORT), else its demo port. */
const pspApiPorts = Object.fromEntries(
  PSP_APIS.map((api) => [api.code, port.default(api.standInPort).parse(process.env[portVariable(api.name)])]),
);

function portVariable(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}

const demoDrivers = [
  { parkId: 'park-demo', id: 'DRV000123', displayName: 'Demo Driver' },
  // Passes CHECK in driver profiles, refused by billing: the 422 path end to end.
  { parkId: 'park-demo', id: 'DRV000777', displayName: 'Blocked Driver', blocked: true },
];

async function main(): Promise<void> {
  const log = pino({ name: 'stand-ins' });
  const standIns = await startStandIns({
    billingPort: env.BILLING_PORT,
    fleetTransactionsPort: env.FLEET_TRANSACTIONS_PORT,
    driverProfilesPort: env.DRIVER_PROFILES_PORT,
    pspApiPorts,
    host: env.STAND_INS_HOST,
    seedDrivers: demoDrivers,
  });
  const { close, ...urls } = standIns;
  log.info(urls, 'stand-ins listening');
  const stop = () => {
    close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, 'stand-ins did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
