import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface Prometheus {
  url: string;
  /** An instant query; a query Prometheus cannot parse rejects with its message. */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * A real Prometheus (Debian's package, installed by scripts/services.sh) on the jobs of ops/prometheus/prometheus.yml,
 * each job's targets replaced by the local `host:port`s given for it, scraping every second.
 */
export async function startPrometheus(targets: Record<string, string[]>): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-prometheus-'));
  const config = parse(readFileSync(join(__dirname, '../../ops/prometheus/prometheus.yml'), 'utf8')) as {
    global: Record<string, string>;
    scrape_configs: Array<{
      job_name: string;
      static_configs?: Array<{ targets: string[] }>;
      dns_sd_configs?: unknown;
    }>;
  };
  config.global = { scrape_interval: '1s', evaluation_interval: '1s' };
  for (const job of config.scrape_configs) {
    const local = targets[job.job_name];
    if (!local) throw new Error(`no local target for job ${job.job_name}`);
    delete job.dns_sd_configs;
    job.static_configs = [{ targets: local }];
  }
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => (stderr += `${err.message} (is prometheus installed? run scripts/services.sh up)`));
  const close = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 150 || child.exitCode !== null) {
      await close();
      throw new Error(`prometheus did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown } };
      if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
      return body.data!.result as Awaited<ReturnType<Prometheus['query']>>;
    },
    close,
  };
}
