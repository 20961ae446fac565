import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** `easypayPublicKey` checks EasySoft's requests, `providerPrivateKey` signs our answers; both PEM, in credentials. */
export function readUaKeys(
  credentials: Readonly<Record<string, string>>,
): { easypay: KeyObject; ours: KeyObject } | undefined {
  try {
    const { easypayPublicKey, providerPrivateKey } = credentials;
    if (!easypayPublicKey || !providerPrivateKey) return undefined;
    return { easypay: createPublicKey(easypayPublicKey), ours: createPrivateKey(providerPrivateKey) };
  } catch {
    return undefined;
  }
}
