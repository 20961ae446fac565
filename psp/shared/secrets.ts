import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time over equal-length digests, so neither the content nor the length of the secret leaks. */
export function sameSecret(sent: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(expected));
}
