import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../config';

/**
 * `docker compose` cannot run on the CI machines (no engine), so the compose file is kept honest here: it must parse,
 * and the app services' environment must satisfy the same config schema the processes load at start.
 */

type EnvValue = string | number | boolean;

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, EnvValue>;
  ports?: string[];
  depends_on?: Record<string, unknown> | string[];
}

const root = join(__dirname, '..');
// Merge keys (`<<: *app`) are YAML 1.1, which compose supports; the yaml package needs them enabled.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;

const appEntryPoints: Record<string, string> = {
  'api-external': 'api-external/main.ts',
  'api-internal': 'api-internal/main.ts',
  worker: 'workers/main.ts',
};

const configDefaults = configSchema.parse({
  DATABASE_URL: 'postgresql://u:p@db:5432/x',
  INTERNAL_JWT_SECRET: 'x'.repeat(32),
  CREDENTIALS_KEYS: `k1:${Buffer.alloc(32).toString('base64url')}`,
});

/** The environment compose hands a container when none of the `${VAR:-default}` variables are set on the host. */
function resolvedEnvironment(service: ComposeService): Record<string, string> {
  const substitute = (value: EnvValue) =>
    String(value).replace(/\$\$|\$\{(\w+)(?::?-([^}]*))?\}/g, (match, _name, fallback?: string) =>
      match === '$$' ? '$' : (fallback ?? ''),
    );
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, substitute(v)]));
}

function publishedPorts(service: ComposeService): Array<{ host: number; container: number }> {
  return (service.ports ?? []).map((spec) => {
    const parts = spec.replace(/\/(tcp|udp)$/, '').split(':');
    return { host: Number(parts.at(-2)), container: Number(parts.at(-1)) };
  });
}

function portOf(address: string): number {
  return Number(new URL(address.includes('://') ? address : `tcp://${address}`).port);
}

function hostOf(address: string): string {
  return new URL(address.includes('://') ? address : `tcp://${address}`).hostname;
}

describe('docker-compose.yml', () => {
  it('defines the system and only depends on services it defines', () => {
    const expected = ['temporal', 'temporal-db', 'temporal-ui', 'postgres', 'redis', ...Object.keys(appEntryPoints)];
    expect(Object.keys(services)).toEqual(expect.arrayContaining(expected));
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(`${name} -> ${dep}: ${dep in services}`).toBe(`${name} -> ${dep}: true`);
    }
  });

  it.each(Object.entries(appEntryPoints))('builds %s from the Dockerfile and runs %s', (name, entryPoint) => {
    expect(services[name]?.build).toBeDefined();
    // One process (no npx/tsx launcher in between), so `docker compose stop`'s SIGTERM reaches the app's shutdown.
    expect(services[name]?.command).toEqual(['node', '--import', 'tsx', entryPoint]);
    expect(existsSync(join(root, entryPoint))).toBe(true);
  });

  it('publishes the ports the configuration defaults to', () => {
    const external = configSchema.parse(resolvedEnvironment(services['api-external']!));
    const internal = configSchema.parse(resolvedEnvironment(services['api-internal']!));
    expect(publishedPorts(services['api-external']!)).toContainEqual({
      host: configDefaults.API_EXTERNAL_PORT,
      container: external.API_EXTERNAL_PORT,
    });
    expect(publishedPorts(services['api-internal']!)).toContainEqual({
      host: configDefaults.API_INTERNAL_PORT,
      container: internal.API_INTERNAL_PORT,
    });
    expect(publishedPorts(services['temporal-ui']!).map((p) => p.host)).toContain(
      portOf(configDefaults.TEMPORAL_UI_URL),
    );
    expect(publishedPorts(services.temporal!).map((p) => p.host)).toContain(portOf(configDefaults.TEMPORAL_ADDRESS));
  });

  it.each(Object.keys(appEntryPoints))('gives %s an environment the config schema accepts', (name) => {
    const parsed = configSchema.safeParse(resolvedEnvironment(services[name]!));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(Object.keys(appEntryPoints))('sets only variables the config schema knows in %s', (name) => {
    const known = Object.keys(configSchema.shape);
    const unknown = Object.keys(services[name]?.environment ?? {}).filter((key) => !known.includes(key));
    expect(unknown).toEqual([]);
  });

  it.each(Object.keys(appEntryPoints))('points %s at services compose runs', (name) => {
    const env = resolvedEnvironment(services[name]!);
    const addresses = [
      'DATABASE_URL',
      'REDIS_URL',
      'TEMPORAL_ADDRESS',
      'BILLING_URL',
      'FLEET_TRANSACTIONS_URL',
      'DRIVER_PROFILES_URL',
    ];
    for (const key of addresses) {
      const host = hostOf(env[key] ?? '');
      expect(`${key} -> ${host}: ${host in services}`).toBe(`${key} -> ${host}: true`);
    }
  });
});

describe('Dockerfile', () => {
  it('builds on node 20 with nothing but the npm registry', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-slim$/m);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run generate/);
    expect(dockerfile).not.toMatch(/apt-get|apk |curl |wget /);
  });
});

describe('docker-compose.yml monitoring', () => {
  interface ScrapeConfig {
    job_name: string;
    static_configs?: Array<{ targets: string[] }>;
    dns_sd_configs?: Array<{ names: string[]; type: string; port: number }>;
  }
  const readYaml = <T>(path: string) => parse(readFileSync(join(root, path), 'utf8')) as T;
  /** `./host/path:/container/path[:ro]` → the host path, by container path. */
  const mounts = (service: ComposeService & { volumes?: string[] }) =>
    Object.fromEntries(
      (service.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => [v.split(':')[1]!, v.split(':')[0]!]),
    );
  const prometheus = services.prometheus as ComposeService & { volumes?: string[] };
  const grafana = services.grafana as ComposeService & { volumes?: string[] };

  it('scrapes every app process, each replica included, on the port its configuration serves /metrics on', () => {
    const config = mounts(prometheus)['/etc/prometheus/prometheus.yml'];
    expect(config).toBe('./ops/prometheus/prometheus.yml');
    const jobs = readYaml<{ scrape_configs: ScrapeConfig[] }>(config!).scrape_configs;
    // A replicated service is found by DNS (every replica's address); a single one by name.
    const scraped = jobs
      .flatMap((c) => [
        ...(c.static_configs ?? []).flatMap((s) => s.targets),
        ...(c.dns_sd_configs ?? []).flatMap((d) => d.names.map((name) => `${d.type} ${name}:${d.port}`)),
      ])
      .sort();
    const env = (name: string) => configSchema.parse(resolvedEnvironment(services[name]!));
    const target = (name: string, port: number) =>
      (services[name] as ComposeService & { deploy?: { replicas?: number } }).deploy?.replicas
        ? `A ${name}:${port}`
        : `${name}:${port}`;
    const processes = Object.entries(services).filter(([, s]) =>
      Object.values(appEntryPoints).includes(s.command?.[3] ?? ''),
    );
    const expected = processes
      .flatMap(([name, s]) => {
        const e = env(name);
        if (s.command![3] === appEntryPoints['api-external']) return [target(name, e.API_EXTERNAL_PORT)];
        if (s.command![3] === appEntryPoints['api-internal']) return [target(name, e.API_INTERNAL_PORT)];
        if (s.command![3] === appEntryPoints.worker)
          return [target(name, e.WORKER_METRICS_PORT), target(name, e.TEMPORAL_METRICS_PORT)];
        return [];
      })
      .sort();
    expect(scraped).toEqual(expected);
    expect(expected.filter((t) => t.includes('-2:'))).toHaveLength(2);
    expect(Object.keys(appEntryPoints).every((name) => scraped.some((t) => t.includes(`${name}:`)))).toBe(true);
  });

  it('provisions Grafana with the Prometheus datasource and the dashboards folder', () => {
    const provisioning = mounts(grafana)['/etc/grafana/provisioning'];
    const dashboards = mounts(grafana)['/var/lib/grafana/dashboards'];
    expect([provisioning, dashboards]).toEqual(['./ops/grafana/provisioning', './ops/grafana/dashboards']);
    const datasource = readYaml<{ datasources: Array<{ uid: string; url: string }> }>(
      `${provisioning}/datasources/prometheus.yml`,
    ).datasources[0]!;
    expect(hostOf(datasource.url) in services).toBe(true);
    const provider = readYaml<{ providers: Array<{ options: { path: string } }> }>(
      `${provisioning}/dashboards/fleet-payments.yml`,
    ).providers[0]!;
    expect(provider.options.path).toBe('/var/lib/grafana/dashboards');
    const dashboard = JSON.parse(readFileSync(join(root, dashboards!, 'fleet-payments.json'), 'utf8')) as {
      panels: Array<{ datasource: { uid: string } }>;
    };
    expect(dashboard.panels.length).toBeGreaterThan(0);
    expect(new Set(dashboard.panels.map((p) => p.datasource.uid))).toEqual(new Set([datasource.uid]));
  });
});
