import type { Config } from '../config';
import type { PspCode } from '../domain/psp-codes';
import type { CredentialsLoader, PspManifest } from '../psp/manifest';
import { MANIFESTS, type PspApiUrlKey } from '../psp/manifests';
import type { PspVerifier } from './payment';

/** Deps the PSP verifiers load credentials and reach PSP APIs with. */
export interface PspVerifierDeps {
  /** Decrypted credentials of a wallet; loaded inside the activity, never passed through workflow history. */
  credentials: CredentialsLoader;
  config: Pick<Config, PspApiUrlKey | 'NEIGHBOUR_TIMEOUT_MS'>;
}

/** By PSP code: the PSPs whose notifications are confirmed with their own API before crediting. */
export function createPspVerifiers({ credentials, config }: PspVerifierDeps): Record<string, PspVerifier> {
  const manifests: readonly PspManifest<PspCode, PspApiUrlKey>[] = MANIFESTS;
  const verifiers: Record<string, PspVerifier> = {};
  for (const { code, api } of manifests) {
    if (!api?.verifier) continue;
    const client = api.client({ baseUrl: config[api.urlConfigKey], timeoutMs: config.NEIGHBOUR_TIMEOUT_MS });
    verifiers[code] = api.verifier(client, credentials);
  }
  return verifiers;
}
