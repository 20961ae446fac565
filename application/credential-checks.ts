import { randomUUID } from 'node:crypto';
import { NeighbourError } from '../clients/errors';
import type { QiwiPullClient } from '../psp/qiwi/client';
import type { PspCode } from '../domain/psp-codes';
import type { PlainCredentials, WalletRecord, WalletStore } from '../storage/wallets';

/**
 * What the PSP said of a set of credentials. `unchecked`: no harmless call exists for this PSP, or the credentials
 * it needs are not there. `no_answer`: asked, but the PSP gave no verdict (unreachable, busy, an unexpected code).
 * Reasons name codes and descriptions of the PSP, never a credential.
 */
export type CheckResult =
  | { result: 'valid' }
  | { result: 'invalid'; reason: string }
  | { result: 'unchecked' }
  | { result: 'no_answer'; reason: string };

/** One harmless authenticated call per wallet, to learn whether the PSP still takes its credentials. */
export interface CredentialChecks {
  /** The PSPs a check exists for: the daily run looks only at their wallets. */
  psps: PspCode[];
  check(wallet: Pick<WalletRecord, 'psp' | 'settings'>, plain: PlainCredentials): Promise<CheckResult>;
}

/** QIWI Pull API result codes for the status of a bill nobody issued: 210 bill not found, 150 authorization error. */
const BILL_NOT_FOUND = 210;
const AUTH_ERROR = 150;

export function createCredentialChecks({ qiwiPull }: { qiwiPull: QiwiPullClient }): CredentialChecks {
  async function checkQiwi(settings: Record<string, unknown>, plain: PlainCredentials): Promise<CheckResult> {
    const { apiId, apiPassword } = plain;
    const prvId = typeof settings.prvId === 'string' ? settings.prvId : undefined;
    if (!prvId || !apiId || !apiPassword) return { result: 'unchecked' };
    try {
      // A bill id nobody issued: the answer says whether QIWI took the credentials, and nothing changes there.
      const answer = await qiwiPull.bill({ prvId, apiId, apiPassword }, `credential-check-${randomUUID()}`);
      if (answer.ok || answer.resultCode === BILL_NOT_FOUND) return { result: 'valid' };
      const said = `QIWI answered result code ${answer.resultCode}${answer.description && ` (${answer.description})`}`;
      return answer.resultCode === AUTH_ERROR
        ? { result: 'invalid', reason: `${said}: it does not take these API credentials` }
        : { result: 'no_answer', reason: said };
    } catch (err) {
      if (err instanceof NeighbourError) return { result: 'no_answer', reason: `QIWI did not answer: ${err.message}` };
      throw err;
    }
  }

  return {
    psps: ['qiwi'],
    check: async (wallet, plain) =>
      wallet.psp === 'qiwi' ? checkQiwi(wallet.settings, plain) : { result: 'unchecked' },
  };
}

export interface VerifyDeps {
  checks: CredentialChecks;
  wallets: Pick<WalletStore, 'credentials' | 'recordCredentialCheck'>;
  now?: () => Date;
}

export interface CredentialVerifier {
  /** Asks the PSP about the wallet's saved credentials and records the answer; returns the wallet as it reads after. */
  (wallet: WalletRecord, plain?: PlainCredentials): Promise<{ wallet: WalletRecord; result: CheckResult }>;
  /** Asks the PSP about credentials not saved yet (a re-issued token), recording nothing. */
  candidate(wallet: Pick<WalletRecord, 'psp' | 'settings'>, plain: PlainCredentials): Promise<CheckResult>;
}

export function credentialVerifier({ checks, wallets, now = () => new Date() }: VerifyDeps): CredentialVerifier {
  const verify = async (wallet: WalletRecord, plain?: PlainCredentials) => {
    const saved = wallet.sealedCredentials;
    if (!saved || !checks.psps.includes(wallet.psp)) return { wallet, result: { result: 'unchecked' } as const };
    const result = await checks.check(wallet, plain ?? (await wallets.credentials(wallet.parkId, wallet.id)));
    if (result.result !== 'valid' && result.result !== 'invalid') return { wallet, result };
    // Through the store: in every migration phase the mark reaches the legacy copy like any other wallet write.
    const after = await wallets.recordCredentialCheck(wallet.parkId, wallet.id, {
      savedAt: saved.updatedAt,
      valid: result.result === 'valid',
      at: now(),
    });
    return { wallet: after ?? wallet, result };
  };
  return Object.assign(verify, {
    candidate: async (wallet: Pick<WalletRecord, 'psp' | 'settings'>, plain: PlainCredentials) =>
      checks.psps.includes(wallet.psp) ? checks.check(wallet, plain) : ({ result: 'unchecked' } as const),
  });
}
