import { ApplicationFailure } from '@temporalio/activity';
import type { CredentialsCipher } from '../storage/credentials-cipher';
import { UnknownCredentialKeyError } from '../storage/credentials-cipher';
import type { Db } from '../storage/prisma';
import { walletsWithStaleCredentials, type WalletStore } from '../storage/wallets';

export interface CredentialDeps {
  db: Db;
  wallets: WalletStore;
  cipher: CredentialsCipher;
}

export interface ResealBatchInput {
  targetKeyId: string;
  afterId: string | null;
  limit: number;
}

export interface ResealBatchResult {
  seen: number;
  resealed: number;
  unreadable: string[];
  lastId: string | null;
}

/** Ids in, counts out: the credentials themselves never enter workflow history. */
export function createCredentialActivities({ db, wallets, cipher }: CredentialDeps) {
  return {
    async resealBatch({ targetKeyId, afterId, limit }: ResealBatchInput): Promise<ResealBatchResult> {
      if (!cipher.isCurrent(targetKeyId)) {
        // Retryable: during a rolling deploy, a worker with the new ring will take the task.
        throw ApplicationFailure.retryable(
          `this worker's newest credentials key is "${cipher.currentKeyId}", not "${targetKeyId}"`,
          'KeyRingMismatch',
        );
      }
      const page = await walletsWithStaleCredentials(db, targetKeyId, afterId, limit);
      let resealed = 0;
      const unreadable: string[] = [];
      for (const w of page) {
        try {
          if ((await wallets.resealCredentials(w.parkId, w.id)).resealed) resealed += 1;
        } catch (err) {
          if (!(err instanceof UnknownCredentialKeyError)) throw err;
          unreadable.push(w.id);
        }
      }
      return { seen: page.length, resealed, unreadable, lastId: page.at(-1)?.id ?? null };
    },
  };
}

export type CredentialActivities = ReturnType<typeof createCredentialActivities>;
