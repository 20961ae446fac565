import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { ensureMailpit } from '../../scripts/mailpit';
import { acceptsConnections } from '../../scripts/temporal';
import { eventually } from '../../testkit/harness';

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * A Mailpit of one test's own, started with extra flags (a recipient allow-list, chaos triggers), so a real SMTP
 * server refuses what the test needs refused without touching the shared one.
 */
export async function startOwnMailpit(flags: string[]): Promise<{ smtpUrl: string; stop(): void }> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const args = ['--smtp', `127.0.0.1:${smtpPort}`, '--listen', `127.0.0.1:${httpPort}`, ...flags];
  const child = spawn(await ensureMailpit(), args, { stdio: 'ignore' });
  const stop = () => void child.kill('SIGTERM');
  try {
    await eventually(() => acceptsConnections(smtpPort), Boolean, 20_000, 100);
  } catch (err) {
    stop();
    throw err;
  }
  return { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, stop };
}
