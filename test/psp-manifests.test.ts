import { createPspVerifiers } from '../activities/psp-verifiers';
import { loadConfig } from '../config';
import type { PspManifest } from '../psp/manifest';
import { MANIFESTS } from '../psp/manifests';
import { startStandIns, type StandIns } from '../stand-ins';
import { standInState } from '../testkit/neighbours';

// The wiring outside psp/ that the manifests feed: verifiers, stand-ins and config, each exactly the listed ones.
const manifests: readonly PspManifest[] = MANIFESTS;
const withApi = manifests.filter((m) => m.api);
let standIns: StandIns;
const required = {
  DATABASE_URL: 'postgresql://x@127.0.0.1/x',
  INTERNAL_JWT_SECRET: 'x'.repeat(32),
  CREDENTIALS_KEYS: `k:${Buffer.alloc(32).toString('base64url')}`,
};

beforeAll(async () => {
  standIns = await startStandIns();
});
afterAll(() => standIns?.close());

it('starts one live stand-in per PSP API, under the config variable its manifest names', async () => {
  expect(Object.keys(standIns.pspApiUrls).sort()).toEqual(withApi.map((m) => m.api!.urlConfigKey).sort());
  for (const url of Object.values(standIns.pspApiUrls)) await expect(standInState(url)).resolves.toBeDefined();
});

it('builds a payment verifier for exactly the PSPs whose manifest has one', () => {
  const config = loadConfig({ ...required, ...standIns.pspApiUrls });
  const verifiers = createPspVerifiers({ credentials: async () => ({}), config });
  expect(Object.keys(verifiers).sort()).toEqual(manifests.filter((m) => m.api?.verifier).map((m) => m.code));
  expect(Object.keys(verifiers)).toEqual(['paystack']);
});

it("defaults each PSP API's config variable to the PSP's real https endpoint", () => {
  const config = loadConfig(required);
  for (const { api } of withApi)
    expect(String((config as Record<string, unknown>)[api!.urlConfigKey])).toMatch(/^https:\/\//);
});
