import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureCommand, findOnPath, forwardLines, goInstall, isExecutable, toolCachePath, type Log } from './go-tools';

/**
 * Gets and runs the Temporal CLI dev server (Temporal server + UI in one Go binary, SQLite store). The SDK's own
 * ephemeral-server download does not work offline; the Go module proxy does, so the binary is built once and cached.
 * Without Go, the SDK download is the last resort.
 */

const CLI_VERSION = '1.5.1';
const CLI_MODULE = 'github.com/temporalio/cli';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

const temporalCliCachePath = () => toolCachePath(`temporal-${CLI_VERSION}`);

export async function ensureTemporalCli(log: Log = () => {}): Promise<string> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const cached = temporalCliCachePath();
  if (isExecutable(cached)) return cached;

  const onPath = findOnPath('temporal');
  if (onPath && isRecentEnough(onPath)) return onPath;

  if (findOnPath('go')) {
    await buildWithGo(cached, log);
    return cached;
  }
  return downloadWithSdk(join(cached, '..'), log);
}

/**
 * Without Go, the SDK's own download (works where the internet is reachable, not on the CI machines): start an
 * ephemeral server once so the SDK fetches the CLI into `dir`, stop it, and keep the binary it left there.
 */
async function downloadWithSdk(dir: string, log: Log): Promise<string> {
  const hint =
    `No Temporal CLI ${CLI_VERSION}+ found and no Go to build one. Set TEMPORAL_CLI_PATH to a temporal binary, ` +
    `or install Go so it can be built with \`go install ${CLI_MODULE}/cmd/temporal@v${CLI_VERSION}\`.`;
  log('no Go here: trying the Temporal SDK download of the CLI');
  mkdirSync(dir, { recursive: true });
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'cached-download', downloadDir: dir } },
    });
    await env.teardown();
  } catch (err) {
    throw new Error(`${hint}\n(SDK download failed: ${err instanceof Error ? err.message : String(err)})`);
  }
  const downloaded = readdirSync(dir)
    .filter((name) => name.startsWith('temporal') && !name.endsWith('.sqlite'))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile() && isExecutable(file))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!downloaded) throw new Error(`${hint}\n(the SDK download left no binary in ${dir})`);
  log(`Temporal CLI downloaded to ${downloaded}`);
  return downloaded;
}

/** `temporal --version` prints e.g. "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"; a plain `go install` says 0.0.0-DEV. */
function isRecentEnough(bin: string): boolean {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  const m = /version (\d+)\.(\d+)\.\d+/.exec(out);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 1 || (major === 1 && minor >= 5);
}

/** v1.5.1 is the newest tag `go install` accepts (later ones have a `replace` directive in go.mod). */
async function buildWithGo(target: string, log: Log): Promise<void> {
  log(`building Temporal CLI ${CLI_VERSION} with go install (takes a few minutes on a fresh machine)`);
  await goInstall(
    target,
    'temporal',
    [
      '-v',
      '-ldflags',
      `-X ${CLI_MODULE}/temporalcli.Version=${CLI_VERSION}`,
      `${CLI_MODULE}/cmd/temporal@v${CLI_VERSION}`,
    ],
    log,
  );
}

export interface DevServerOptions {
  port: number;
  /** Web UI port; the UI is off (`--headless`) unless this is given or `headless: false` (then port + 1000). */
  uiPort?: number;
  headless?: boolean;
  /** SQLite file to keep state across restarts; in-memory when omitted. */
  dbFile?: string;
  log?: Log;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(opts: DevServerOptions): Promise<DevServer> {
  const log = opts.log ?? (() => {});
  const address = `127.0.0.1:${opts.port}`;
  if (await acceptsConnections(opts.port)) {
    throw new Error(`cannot start a Temporal dev server: something already listens on ${address}`);
  }
  const bin = await ensureTemporalCli(log);
  const headless = opts.headless ?? opts.uiPort === undefined;
  const uiPort = opts.uiPort ?? opts.port + 1000;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'warn'];
  // Off in the dev server by default; on in docker-compose's server too (ops/temporal/dynamicconfig.yaml).
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  args.push(...(headless ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (opts.dbFile) {
    args.push(
      '--db-filename',
      opts.dbFile,
      '--sqlite-pragma',
      'journal_mode=WAL',
      '--sqlite-pragma',
      'synchronous=OFF',
    );
  }

  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  forwardLines(child.stdout, log);
  const stderrTail = forwardLines(child.stderr, log);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.on('error', (err) => {
      exited = err.message;
      resolve();
    });
    child.on('exit', (code, signal) => {
      exited = `exit code ${code ?? signal}`;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await acceptsConnections(opts.port))) {
    if (exited || Date.now() > deadline) {
      const why = exited ? `exited (${exited})` : `did not listen within ${READY_TIMEOUT_MS / 1000} s`;
      await stop();
      throw new Error(`Temporal dev server on ${address} ${why}. Last stderr lines:\n${stderrTail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address, uiUrl: headless ? undefined : `http://127.0.0.1:${uiPort}`, stop };
}

export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

if (require.main === module) ensureCommand('temporal.ts', 'Temporal CLI', ensureTemporalCli);
