import { homedir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../config';
import { demoPspApiPorts, startStandIns } from '../stand-ins';
import { applyMigrations } from '../storage/migrations';
import { createSystem } from '../system/deps';
import { startApiExternal, startApiInternal, startMaintenanceWorker, startPaymentsWorker } from '../system/servers';
import { installTemporalLogging } from '../system/temporal-logging';
import { signToken } from '../api-internal/tokens';
import { DEV_SECRET } from './dev-token';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startMailpit } from './mailpit';
import { acceptsConnections, startTemporalDevServer } from './temporal';
import { startTopology } from '../testkit/processes';

/**
 * `npm start`: the whole system in one process tree on embedded defaults. Anything given in the environment
 * (DATABASE_URL, TEMPORAL_ADDRESS, neighbour URLs, REDIS_URL) is used as is instead of its embedded stand-in.
 * `npm start -- --gateways N --workers M` (or GATEWAYS / WORKERS) runs N api-external, N api-internal and M worker
 * processes from their own entry points instead of one process; each gateway kind's ports go up in steps of
 * PORT_STEP from its configured port, because the two kinds' defaults (8080, 8081) are adjacent.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);
const stops: Array<() => Promise<void>> = [];
let stopping = false;
const PORT_STEP = 100;

interface Scale {
  gateways: number;
  workers: number;
}

/** `--gateways N`, `--workers N` (also `--gateways=N`), else GATEWAYS / WORKERS; undefined: one process for all. */
function scaleOf(argv: string[], env: NodeJS.ProcessEnv): Scale | undefined {
  const flag = (name: string) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return env[name.toUpperCase()];
    return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  };
  const count = (name: string) => {
    const value = flag(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`--${name} takes a whole number from 1 to 16`);
    return n;
  };
  const [gateways, workers] = [count('gateways'), count('workers')];
  if (gateways === undefined && workers === undefined) return undefined;
  return { gateways: gateways ?? 1, workers: workers ?? 1 };
}

async function main() {
  const scale = scaleOf(process.argv.slice(2), process.env);
  const env = { ...process.env };
  const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fleet-payment-systems');
  mkdirSync(cacheDir, { recursive: true });

  if (!env.DATABASE_URL) {
    say('Postgres: starting embedded PGlite (set DATABASE_URL to use a server)…');
    const pg = await startEmbeddedPostgres({ port: Number(env.EMBEDDED_PG_PORT ?? 5433) });
    stops.push(pg.stop);
    env.DATABASE_URL = pg.url;
  }
  await applyMigrations(env.DATABASE_URL, { log: say });

  if (!env.TEMPORAL_ADDRESS && (await acceptsConnections(7233))) {
    // Most likely the one `npm test` left running (scripts/services.sh, UI on 8233): share it rather than fail.
    say('Temporal: using the server already listening on 127.0.0.1:7233 (set TEMPORAL_ADDRESS to choose another)');
    env.TEMPORAL_ADDRESS = '127.0.0.1:7233';
  }
  if (!env.TEMPORAL_ADDRESS) {
    say('Temporal: starting the dev server (the first start may build the Temporal CLI)…');
    // The server complains loudly while it is being stopped; nothing worth showing then.
    const log = (line: string) => void (stopping || say(`  temporal: ${line}`));
    const temporal = await startTemporalDevServer({
      port: 7233,
      uiPort: 8233,
      dbFile: join(cacheDir, 'temporal.sqlite'),
      log,
    });
    stops.push(temporal.stop);
    env.TEMPORAL_ADDRESS = temporal.address;
    env.TEMPORAL_UI_URL = temporal.uiUrl ?? 'http://127.0.0.1:8233';
  }

  const demo = !env.BILLING_URL && !env.FLEET_TRANSACTIONS_URL && !env.DRIVER_PROFILES_URL;
  if (demo) {
    const standIns = await startStandIns({
      billingPort: 8091,
      fleetTransactionsPort: 8092,
      driverProfilesPort: 8093,
      pspApiPorts: demoPspApiPorts(),
      seedDrivers: [
        { parkId: 'park-demo', id: 'DRV000123', displayName: 'Demo Driver' },
        { parkId: 'park-demo', id: 'DRV000124', displayName: 'Second Driver' },
      ],
    });
    stops.push(standIns.close);
    Object.assign(env, {
      BILLING_URL: standIns.billingUrl,
      FLEET_TRANSACTIONS_URL: standIns.fleetTransactionsUrl,
      DRIVER_PROFILES_URL: standIns.driverProfilesUrl,
      ...standIns.pspApiUrls,
    });
  }
  let inboxUrl: string | undefined;
  if (!env.SMTP_URL) {
    say('Mailpit: SMTP with a web inbox (shares one already on 1025/8025; the first start builds it)…');
    const mailpit = await startMailpit({ log: (line) => void (stopping || say(`  mailpit: ${line}`)) });
    stops.push(mailpit.stop);
    env.SMTP_URL = mailpit.smtpUrl;
    inboxUrl = mailpit.inboxUrl;
  }
  env.INTERNAL_JWT_SECRET ??= DEV_SECRET;
  env.CREDENTIALS_KEYS ??= 'dev-1:D6doYW49dAClO6Ul5xKhdzjB6W5wrLHFg7TbHwuT720';

  const config = loadConfig(env);
  if (scale) {
    say(
      `Starting ${scale.gateways} api-external, ${scale.gateways} api-internal and ${scale.workers} worker processes…`,
    );
    const topology = await startTopology({
      env,
      ...scale,
      externalPort: config.API_EXTERNAL_PORT,
      internalPort: config.API_INTERNAL_PORT,
      portStep: PORT_STEP,
      log: say,
    });
    stops.push(topology.stop);
    say('');
    say(`api-internal   ${topology.internalUrls.join(', ')}`);
    say(
      `api-external   ${topology.externalUrls.join(', ')}   (callback links name ${config.PUBLIC_CALLBACK_BASE_URL})`,
    );
    say(`workers        ${topology.workers.map((w) => `pid ${w.pid}`).join(', ')}`);
  } else {
    const sys = await createSystem(config, 'fleet-payment-systems');
    stops.push(sys.close);
    installTemporalLogging(sys.log);
    const worker = await startPaymentsWorker(sys);
    stops.push(worker.close);
    const maintenance = await startMaintenanceWorker(sys);
    stops.push(maintenance.close);
    const internal = await startApiInternal(sys);
    stops.push(internal.close);
    const external = await startApiExternal(sys);
    stops.push(external.close);
    say('');
    say(`api-internal   ${internal.url}   (dispatcher + Pro API)`);
    say(`api-external   ${external.url}   (PSP callbacks: /psp/{psp}/{link secret})`);
  }

  const auth = {
    secret: config.INTERNAL_JWT_SECRET,
    issuer: config.INTERNAL_JWT_ISSUER,
    audience: config.INTERNAL_JWT_AUDIENCE,
  };
  say(`Temporal UI    ${config.TEMPORAL_UI_URL}`);
  if (inboxUrl) say(`Mail inbox     ${inboxUrl}   (Mailpit: the e-mails parks get, e.g. credential reminders)`);
  say(`Postgres       ${config.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@')}`);
  if (demo) {
    say(
      `stand-ins      billing ${config.BILLING_URL}, fleet-transactions ${config.FLEET_TRANSACTIONS_URL}, driver profiles ${config.DRIVER_PROFILES_URL}`,
    );
    say('');
    say('Dispatcher token for park-demo (12 h):');
    say(await signToken(auth, { parks: ['park-demo'], role: 'dispatcher' }, '12h'));
  }
  say('');
  say('Ctrl-C stops everything.');
}

async function stopAll() {
  while (stops.length) {
    try {
      await stops.pop()!();
    } catch (err) {
      process.stderr.write(`stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

const shutdown = () => {
  if (stopping) return;
  stopping = true;
  say('\nstopping…');
  void stopAll().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

main().catch(async (err: unknown) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
