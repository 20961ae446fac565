import { randomUUID } from 'node:crypto';
import { NeighbourError } from '../clients/errors';
import type { QiwiPullClient } from '../psp/qiwi/client';
import type { PspCode } from '../domain/psp-codes';
import { recordCredentialCheck } from '../storage/credential-reminders';
import type { Db } from '../storage/prisma';
import type { PlainCredentials, WalletRecord, WalletStore } from '../storage/wallets';

/** `unchecked`: no harmless call exists for this PSP, the credentials it needs are not there, or it did not answer. */
export type CheckResult = 'valid' | 'invalid' | 'unchecked';

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
    if (!prvId || !apiId || !apiPassword) return 'unchecked';
    try {
      // A bill id nobody issued: the answer says whether QIWI took the credentials, and nothing changes there.
      const answer = await qiwiPull.bill({ prvId, apiId, apiPassword }, `credential-check-${randomUUID()}`);
      if (answer.ok) return 'valid';
      if (answer.resultCode === BILL_NOT_FOUND) return 'valid';
      return answer.resultCode === AUTH_ERROR ? 'invalid' : 'unchecked';
    } catch (err) {
      if (err instanceof NeighbourError) return 'unchecked';
      throw err;
    }
  }

  return {
    psps: ['qiwi'],
    check: async (wallet, plain) => (wallet.psp === 'qiwi' ? checkQiwi(wallet.settings, plain) : 'unchecked'),
  };
}

export interface VerifyDeps {
  checks: CredentialChecks;
  db: Db;
  wallets: Pick<WalletStore, 'get' | 'credentials'>;
  now?: () => Date;
}

/** Asks the PSP about the wallet's credentials and records the answer; returns the wallet as it reads after. */
export function credentialVerifier({ checks, db, wallets, now = () => new Date() }: VerifyDeps) {
  return async (
    wallet: WalletRecord,
    plain?: PlainCredentials,
  ): Promise<{ wallet: WalletRecord; result: CheckResult }> => {
    const saved = wallet.sealedCredentials;
    if (!saved || !checks.psps.includes(wallet.psp)) return { wallet, result: 'unchecked' };
    const result = await checks.check(wallet, plain ?? (await wallets.credentials(wallet.parkId, wallet.id)));
    if (result === 'unchecked') return { wallet, result };
    await recordCredentialCheck(db, {
      walletId: wallet.id,
      savedAt: saved.updatedAt,
      valid: result === 'valid',
      at: now(),
    });
    return { wallet: (await wallets.get(wallet.parkId, wallet.id)) ?? wallet, result };
  };
}

export type CredentialVerifier = ReturnType<typeof credentialVerifier>;
