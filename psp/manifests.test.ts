import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSupportedCurrency } from '../domain/money';
import { PSP_CODES } from '../domain/psp-codes';
import type { PspManifest } from './manifest';
import { MANIFESTS } from './manifests';
import { ADAPTERS, PSP_REGISTRY } from './registry';
import { simulatedPsps } from './simulators';

// Each PSP is complete where it is listed: a half-added PSP fails here, not on its first payment.
const manifests: readonly PspManifest[] = MANIFESTS;
const folderOf = (m: PspManifest) => join(__dirname, m.sharedProtocol ?? m.code);
const sorted = (codes: Iterable<string>) => [...codes].sort();

it('lists every PSP code exactly once', () => {
  const codes = manifests.map((m) => m.code);
  expect(new Set(codes).size).toBe(codes.length);
  expect(sorted(codes)).toEqual(sorted(PSP_CODES));
});

it('feeds the registries exactly the listed codes', () => {
  const listed = sorted(manifests.map((m) => m.code));
  expect(listed).toHaveLength(12);
  expect(sorted(PSP_REGISTRY.codes)).toEqual(listed);
  expect(sorted(ADAPTERS.keys())).toEqual(listed);
  expect(sorted(simulatedPsps())).toEqual(listed);
});

describe.each(manifests.map((m) => [m.code, m] as const))('%s', (code, m) => {
  it('has an adapter and a simulator of its own code', () => {
    expect(m.adapter.code).toBe(code);
    expect(ADAPTERS.get(code)).toBe(m.adapter);
    expect(m.simulator.code).toBe(code);
    expect(m.simulator.operations.length).toBeGreaterThan(0);
  });

  it('pays in ISO 4217 currencies the platform supports, each named in its README', () => {
    const readme = readFileSync(join(folderOf(m), 'README.md'), 'utf8');
    expect(m.currencies.length).toBeGreaterThan(0);
    expect(new Set(m.currencies).size).toBe(m.currencies.length);
    for (const currency of m.currencies) {
      expect(currency).toMatch(/^[A-Z]{3}$/);
      expect(isSupportedCurrency(currency)).toBe(true);
      expect(readme).toContain(currency);
    }
  });

  it('has fixtures', () => {
    const fixtures = join(folderOf(m), 'fixtures');
    expect(existsSync(fixtures)).toBe(true);
    expect(readdirSync(fixtures).filter((f) => f.endsWith('.ts')).length).toBeGreaterThan(0);
  });

  it('accepts a new wallet in each of its currencies with its starter settings', () => {
    for (const currency of m.currencies) {
      const settings = m.starterSettings?.(currency) ?? {};
      expect({ currency, problem: m.adapter.settingsProblem({ psp: code, currency, settings }) }).toEqual({
        currency,
        problem: undefined,
      });
    }
  });
});

describe('PSP APIs', () => {
  const apis = manifests.flatMap((m) => (m.api ? [{ code: m.code, ...m.api }] : []));

  it('are the ones we call: Paystack verify and the QIWI Pull bills', () => {
    expect(apis.map((a) => [a.code, a.urlConfigKey, Boolean(a.verifier)])).toEqual([
      ['paystack', 'PAYSTACK_API_URL', true],
      ['qiwi', 'QIWI_API_URL', false],
    ]);
  });

  it('have distinct names, config variables and demo ports', () => {
    for (const values of [apis.map((a) => a.name), apis.map((a) => a.urlConfigKey), apis.map((a) => a.standInPort)])
      expect(new Set<unknown>(values).size).toBe(apis.length);
    for (const a of apis) expect(a.urlConfigKey).toMatch(/^[A-Z][A-Z0-9_]*_URL$/);
  });
});

it('no PSP file imports a stand-in statically: gateways and workers read manifests, never stand-ins', () => {
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  const offenders = files.filter((f) =>
    /^\s*(?:import|export)\b[^;]*?from\s+'[^']*(?:stand-in|stand-ins\/[^']*)'/m.test(
      readFileSync(join(__dirname, f), 'utf8').replace(/^import type .*$/gm, ''),
    ),
  );
  // The stand-ins themselves are the only files allowed to (they build on the shared stand-in toolkit).
  expect(offenders.filter((f) => !f.endsWith('stand-in.ts'))).toEqual([]);
  expect(offenders.length).toBeGreaterThan(0);
});
