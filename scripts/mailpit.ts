import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ensureCommand, goInstall, isExecutable, toolCachePath, type Log } from './go-tools';
import { acceptsConnections } from './temporal';

/**
 * Mailpit: a real SMTP server with a web inbox and a JSON API, so reminders are sent and read back for real. Built
 * once from the Go module proxy (no prebuilt download works offline) and cached beside the Temporal CLI.
 */

const MAILPIT_VERSION = '1.33.1';
const MAILPIT_MODULE = 'github.com/axllent/mailpit';
const READY_TIMEOUT_MS = 30_000;

export const MAILPIT_SMTP_PORT = 1025;
export const MAILPIT_HTTP_PORT = 8025;

const mailpitCachePath = () => toolCachePath(`mailpit-${MAILPIT_VERSION}`);

export async function ensureMailpit(log: Log = () => {}): Promise<string> {
  const fromEnv = process.env.MAILPIT_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`MAILPIT_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const cached = mailpitCachePath();
  if (isExecutable(cached)) return cached;
  log(`building Mailpit ${MAILPIT_VERSION} with go install (a minute or two on a fresh machine)`);
  await goInstall(cached, 'mailpit', [`${MAILPIT_MODULE}@v${MAILPIT_VERSION}`], log);
  return cached;
}

export interface RunningMailpit {
  smtpUrl: string;
  inboxUrl: string;
  stop(): Promise<void>;
}

/** Starts Mailpit on the given ports, or shares the one already there (`scripts/services.sh up` leaves one). */
export async function startMailpit(
  opts: { smtpPort?: number; httpPort?: number; log?: Log } = {},
): Promise<RunningMailpit> {
  const { smtpPort = MAILPIT_SMTP_PORT, httpPort = MAILPIT_HTTP_PORT, log = () => {} } = opts;
  const running = {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    inboxUrl: `http://127.0.0.1:${httpPort}`,
    stop: async () => {},
  };
  if ((await acceptsConnections(smtpPort)) && (await acceptsConnections(httpPort))) return running;
  const bin = await ensureMailpit(log);
  const child = spawn(bin, ['--smtp', `127.0.0.1:${smtpPort}`, '--listen', `127.0.0.1:${httpPort}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  createInterface({ input: child.stderr }).on('line', log);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await acceptsConnections(smtpPort)) || !(await acceptsConnections(httpPort))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Mailpit did not listen on 127.0.0.1:${smtpPort} and :${httpPort}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ...running,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await exit;
    },
  };
}

if (require.main === module) ensureCommand('mailpit.ts', 'Mailpit', ensureMailpit);
