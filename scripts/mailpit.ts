import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { acceptsConnections } from './temporal';

/**
 * Mailpit: a real SMTP server with a web inbox and a JSON API, so reminders are sent and read back for real. Built
 * once from the Go module proxy (no prebuilt download works offline) and cached beside the Temporal CLI.
 */

type Log = (line: string) => void;

const MAILPIT_VERSION = '1.33.1';
const MAILPIT_MODULE = 'github.com/axllent/mailpit';
const READY_TIMEOUT_MS = 30_000;

export const MAILPIT_SMTP_PORT = 1025;
export const MAILPIT_HTTP_PORT = 8025;

function mailpitCachePath(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'fleet-payment-systems', `mailpit-${MAILPIT_VERSION}`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function ensureMailpit(log: Log = () => {}): Promise<string> {
  const fromEnv = process.env.MAILPIT_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`MAILPIT_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const cached = mailpitCachePath();
  if (isExecutable(cached)) return cached;
  const cacheDir = join(cached, '..');
  mkdirSync(cacheDir, { recursive: true });
  // Built beside the cache entry so the rename is atomic: a concurrent reader never runs half a binary.
  const gobin = mkdtempSync(join(cacheDir, 'build-'));
  try {
    log(`building Mailpit ${MAILPIT_VERSION} with go install (a minute or two on a fresh machine)`);
    const child = spawn('go', ['install', `${MAILPIT_MODULE}@v${MAILPIT_VERSION}`], {
      env: { ...process.env, GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        log(line);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      });
    }
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', (err) => reject(new Error(`cannot run go (install Go or set MAILPIT_PATH): ${err.message}`)));
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`go install ${MAILPIT_MODULE} exited with ${code}:\n${tail.join('\n')}`);
    renameSync(join(gobin, 'mailpit'), cached);
    log(`Mailpit cached at ${cached}`);
    return cached;
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
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

if (require.main === module) {
  const [command] = process.argv.slice(2);
  if (command !== 'ensure') {
    process.stderr.write('usage: tsx scripts/mailpit.ts ensure   # prints the path of a Mailpit binary\n');
    process.exit(2);
  }
  ensureMailpit((line) => process.stderr.write(`${line}\n`)).then(
    (bin) => process.stdout.write(`${bin}\n`),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
