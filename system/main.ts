import { loadConfig } from '../config';
import { createSystem, type System } from './deps';

/** Runs one process piece until SIGINT/SIGTERM, then closes it and its dependencies in order. */
export async function runProcess(
  name: string,
  start: (sys: System) => Promise<{ close(): Promise<void> }>,
): Promise<void> {
  const config = loadConfig();
  const sys = await createSystem(config, name);
  const running = await start(sys);
  sys.log.info(`${name} started`);
  const stop = async () => {
    sys.log.info(`${name} stopping`);
    await running.close();
    await sys.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

export function main(fn: () => Promise<void>): void {
  fn().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
