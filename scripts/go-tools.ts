import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * Local services built once from the Go module proxy (the only source that works offline here) and cached in
 * ~/.cache/fleet-payment-systems, so only a fresh machine pays for the build.
 */

export type Log = (line: string) => void;

export function toolCachePath(file: string): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'fleet-payment-systems', file);
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(command: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find(isExecutable);
}

/** `go install` of `args` (ending in module@version) producing `binary`, moved to `target` when it succeeded. */
export async function goInstall(target: string, binary: string, args: string[], log: Log): Promise<void> {
  const cacheDir = join(target, '..');
  mkdirSync(cacheDir, { recursive: true });
  // Built next to the cache entry so the final rename is atomic: a concurrent reader never sees half a binary.
  const gobin = mkdtempSync(join(cacheDir, 'build-'));
  try {
    const child = spawn('go', ['install', ...args], {
      env: { ...process.env, GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail = forwardLines(child.stdout, log);
    const errTail = forwardLines(child.stderr, log);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', (err) => reject(new Error(`cannot run go: ${err.message}`)));
      child.on('close', resolve);
    });
    if (code !== 0)
      throw new Error(`go install ${args.at(-1)} exited with ${code}:\n${[...tail, ...errTail].join('\n')}`);
    renameSync(join(gobin, binary), target);
    log(`${binary} cached at ${target}`);
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
}

/** Sends each line to `log` and keeps the last ones for error messages. */
export function forwardLines(stream: Readable, log: Log, keep = 30): string[] {
  const last: string[] = [];
  createInterface({ input: stream }).on('line', (line) => {
    log(line);
    last.push(line);
    if (last.length > keep) last.shift();
  });
  return last;
}

/** `tsx scripts/<tool>.ts ensure` prints the binary's path (progress on stderr), for shell scripts and CI. */
export function ensureCommand(script: string, what: string, ensure: (log: Log) => Promise<string>): void {
  const [command] = process.argv.slice(2);
  if (command !== 'ensure') {
    process.stderr.write(`usage: tsx scripts/${script} ensure   # prints the path of a ${what} binary\n`);
    process.exit(2);
  }
  ensure((line) => process.stderr.write(`${line}\n`)).then(
    (bin) => process.stdout.write(`${bin}\n`),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
