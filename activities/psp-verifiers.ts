import type { PspVerifier } from './payment';

/** Deps the PSP verifiers load credentials and reach PSP APIs with. */
export interface PspVerifierDeps {
  /** Decrypted credentials of a wallet; loaded inside the activity, never passed through workflow history. */
  credentials(parkId: string, walletId: string): Promise<Record<string, string>>;
}

/** PSPs whose notifications are confirmed with their own API before crediting, by PSP code. */
export function createPspVerifiers(_deps: PspVerifierDeps): Record<string, PspVerifier> {
  return {};
}
