import type { PspRequest } from '../types';

/** The notification's parameters, in the order received; empty unless it is a form POST as documented. */
export function notificationParams(req: PspRequest): Array<[string, string]> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (req.method.toUpperCase() !== 'POST' || mediaType !== 'application/x-www-form-urlencoded') return [];
  return [...new URLSearchParams(req.rawBody.toString('utf8'))];
}

/** X-Api-Signature's input: the values of all parameters sorted by name, joined with `|` (README: Rules). */
export function signedText(params: ReadonlyArray<readonly [string, string]>): string {
  return [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value)
    .join('|');
}
