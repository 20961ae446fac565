import type { PspCode } from '../domain/psp-codes';
import type { SealedCredentials } from '../storage/wallets';

export type CredentialsStatus = 'ok' | 'expiring' | 'expired' | 'invalid' | 'missing';

/** Reminder thresholds, most urgent last; a wallet is due the most urgent one it has reached. */
export const REMINDER_THRESHOLDS = [
  { threshold: '30d', days: 30 },
  { threshold: '7d', days: 7 },
  { threshold: '1d', days: 1 },
] as const;
/** `invalid`: the PSP refused the credentials, whatever their date. */
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number]['threshold'] | 'expired' | 'invalid';

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRING_WITHIN_MS = REMINDER_THRESHOLDS[0].days * DAY_MS;

/** QIWI issues its authorisation token for a year; other PSPs' credentials have no known lifetime. */
const LIFETIME_YEARS: Partial<Record<PspCode, number>> = { qiwi: 1 };

/** The expiry credentials saved at `savedAt` get when the dispatcher names none. */
export function defaultCredentialsExpiry(psp: PspCode, savedAt: Date): Date | null {
  const years = LIFETIME_YEARS[psp];
  if (years === undefined) return null;
  const at = new Date(savedAt);
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return at;
}

export function credentialsStatus(sealed: SealedCredentials | null, now: Date): CredentialsStatus {
  if (!sealed) return 'missing';
  if (sealed.invalidAt) return 'invalid';
  if (!sealed.expiresAt) return 'ok';
  const left = sealed.expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRING_WITHIN_MS ? 'expiring' : 'ok';
}

/** The reminder due for credentials expiring at `expiresAt`, or null while none is. */
export function dueThreshold(expiresAt: Date, now: Date): ReminderThreshold | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  const reached = REMINDER_THRESHOLDS.filter(({ days }) => left <= days * DAY_MS);
  return reached.at(-1)?.threshold ?? null;
}
