import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';

export interface CredentialKey {
  kid: string;
  /** 32 bytes: the content key itself (`dir`), A256GCM. */
  key: Uint8Array;
}

export interface Sealed {
  /** Compact JWE (`dir` + `A256GCM`), the key id in its protected header. */
  ciphertext: string;
  keyId: string;
}

export class UnknownCredentialKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`credentials are sealed under key "${keyId}", which is not in the key ring`);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Wallet credentials at rest: sealed under the newest key of the ring, opened under whichever key their header names.
 * A key can leave the ring once nothing is sealed under it any more (the rotation workflow sees to that).
 */
export function createCredentialsCipher(ring: CredentialKey[]) {
  if (ring.length === 0) throw new Error('the credentials key ring is empty');
  const byId = new Map(ring.map((k) => [k.kid, k.key]));
  const newest = ring[ring.length - 1]!;

  return {
    currentKeyId: newest.kid,

    isCurrent: (keyId: string) => keyId === newest.kid,

    async seal(plain: Record<string, string>): Promise<Sealed> {
      const ciphertext = await new CompactEncrypt(encoder.encode(JSON.stringify(plain)))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: newest.kid })
        .encrypt(newest.key);
      return { ciphertext, keyId: newest.kid };
    },

    /** The key id a ciphertext names, without opening it. */
    keyIdOf: (ciphertext: string) => String(decodeProtectedHeader(ciphertext).kid ?? ''),

    async open(ciphertext: string): Promise<Record<string, string>> {
      const { plaintext } = await compactDecrypt(
        ciphertext,
        (header) => {
          const key = byId.get(header.kid ?? '');
          if (!key) throw new UnknownCredentialKeyError(header.kid ?? '');
          return key;
        },
        { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] },
      );
      return JSON.parse(decoder.decode(plaintext)) as Record<string, string>;
    },
  };
}

export type CredentialsCipher = ReturnType<typeof createCredentialsCipher>;
