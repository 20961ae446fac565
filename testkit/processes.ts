import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The system as separate OS processes, each started from its real entry point, for `npm start --gateways N`, the
 * benchmark and the tests that kill one. Each child is node itself (`node --import tsx`), not the tsx launcher: a
 * SIGKILL sent to a launcher would orphan the real process and kill nothing that matters.
 */

const root = join(__dirname, '..');

export const ENTRY_POINTS = {
  'api-external': 'api-external/main.ts',
  'api-internal': 'api-internal/main.ts',
  worker: 'workers/main.ts',
  'stand-ins': 'stand-ins/main.ts',
} as const;

export interface ChildOptions {
  /** Shown before each forwarded log line, and in errors. */
  name: string;
  env: Record<string, string | undefined>;
  /** Ready once this URL answers 200, or once a log line carries this `msg`. */
  ready: { url: string } | { logMessage: string };
  /** Where the child's warnings and errors go (default stderr); everything below `warn` is dropped. */
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface SystemProcess {
  name: string;
  pid: number;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
  /** Resident set size in bytes now, read from /proc (Linux). */
  rss(): number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node --import tsx <script>` and waits until it says it is ready. */
export async function startChild(script: string, opts: ChildOptions): Promise<SystemProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script)], {
    cwd: root,
    env: opts.env as NodeJS.ProcessEnv,
    // Its own process group: a terminal's Ctrl-C reaches only the parent, which stops the children in order.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const sawMessage = watchLines(child, opts.name, log, 'logMessage' in opts.ready ? opts.ready.logMessage : undefined);
  const proc: SystemProcess = {
    name: opts.name,
    pid: child.pid!,
    exited,
    rss: () => rssOf(child.pid!),
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const ready = 'url' in opts.ready ? answers(opts.ready.url, () => settled) : sawMessage;
  const limit = opts.readyTimeoutMs ?? 60_000;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then((code) => `exited (${code})`),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`not ready in ${limit} ms`), limit))),
  ]);
  settled = true;
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await proc.kill('SIGKILL');
    throw new Error(`${opts.name}: ${outcome}`);
  }
  return proc;
}

/** Forwards the child's warn-and-above pino lines (and any non-JSON output); resolves when `message` is logged. */
function watchLines(child: ChildProcess, name: string, log: (line: string) => void, message?: string) {
  return new Promise<void>((resolve) => {
    const onLine = (line: string) => {
      let entry: { level?: number; msg?: string } | undefined;
      try {
        entry = JSON.parse(line) as { level?: number; msg?: string };
      } catch {
        entry = undefined;
      }
      if (message !== undefined && entry?.msg === message) resolve();
      if (!entry || (entry.level ?? 0) >= 40) log(`[${name}] ${line}`);
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
  });
}

async function answers(url: string, givenUp: () => boolean): Promise<void> {
  while (!givenUp()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
}

function rssOf(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A port nothing listens on right now (the kernel's pick), for a child that must be told its port up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Topology {
  /** api-external base URLs, one per process, in start order. */
  externalUrls: string[];
  internalUrls: string[];
  gateways: SystemProcess[];
  internals: SystemProcess[];
  workers: SystemProcess[];
  all(): SystemProcess[];
  /** SIGTERM to every process still running, then waits for them. */
  stop(): Promise<void>;
}

export interface TopologyOptions {
  env: Record<string, string | undefined>;
  /** api-external processes (and as many api-internal ones unless `internals` says otherwise). */
  gateways: number;
  internals?: number;
  workers: number;
  /** Ports of the first api-external / api-internal; each next process of a kind listens `portStep` higher. */
  externalPort?: number;
  internalPort?: number;
  /** 0 (the default): every process gets a free port of the kernel's choosing. */
  portStep?: number;
  log?: (line: string) => void;
}

/** Port of the i-th process of a kind: the base, then `step` apart, so two kinds on adjacent bases never collide. */
export function portOf(base: number, i: number, step: number): number {
  return base + i * step;
}

/**
 * N api-external, N api-internal and M worker processes on one database, Redis and Temporal task queue. Each
 * gateway listens on a port of its own (a balancer, or the load generator, spreads calls over them); each worker
 * gets its own metrics ports so that several fit on one host.
 */
export async function startTopology(opts: TopologyOptions): Promise<Topology> {
  const started: SystemProcess[] = [];
  const topology: Topology = {
    externalUrls: [],
    internalUrls: [],
    gateways: [],
    internals: [],
    workers: [],
    all: () => [...started],
    async stop() {
      await Promise.all(started.map((p) => p.kill('SIGTERM')));
    },
  };
  const step = opts.portStep ?? 0;
  const portFor = async (base: number | undefined, i: number) =>
    step > 0 && base !== undefined ? portOf(base, i, step) : freePort();
  const track = async (name: string, script: string, env: ChildOptions['env'], ready: ChildOptions['ready']) => {
    const proc = await startChild(script, { name, env, ready, log: opts.log, readyTimeoutMs: 120_000 });
    started.push(proc);
    return proc;
  };
  const worker = async (i: number) => {
    const env = {
      ...opts.env,
      WORKER_METRICS_PORT: String(await freePort()),
      TEMPORAL_METRICS_PORT: String(await freePort()),
      // The readiness line is logged at info.
      LOG_LEVEL: 'info',
    };
    return track(`worker-${i + 1}`, ENTRY_POINTS.worker, env, { logMessage: 'worker started' });
  };
  const gateway = async (kind: 'api-external' | 'api-internal', i: number, base: number | undefined) => {
    const port = await portFor(base, i);
    const url = `http://127.0.0.1:${port}`;
    const portKey = kind === 'api-external' ? 'API_EXTERNAL_PORT' : 'API_INTERNAL_PORT';
    const proc = await track(
      `${kind}-${i + 1}`,
      ENTRY_POINTS[kind],
      { ...opts.env, [portKey]: String(port) },
      {
        url: `${url}/healthz`,
      },
    );
    return { proc, url };
  };
  const times = <T>(n: number, fn: (i: number) => Promise<T>) => Array.from({ length: n }, (_, i) => fn(i));
  const workers = times(opts.workers, worker);
  const externals = times(opts.gateways, (i) => gateway('api-external', i, opts.externalPort));
  const internals = times(opts.internals ?? opts.gateways, (i) => gateway('api-internal', i, opts.internalPort));
  // Every start settles before a failure is thrown, so no process is left running behind the error.
  const settled = await Promise.allSettled([...workers, ...externals, ...internals]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((p) => p.kill('SIGKILL')));
    throw failed.reason;
  }
  topology.workers.push(...(await Promise.all(workers)));
  for (const g of await Promise.all(externals)) {
    topology.gateways.push(g.proc);
    topology.externalUrls.push(g.url);
  }
  for (const g of await Promise.all(internals)) {
    topology.internals.push(g.proc);
    topology.internalUrls.push(g.url);
  }
  return topology;
}
