import type { OutgoingMail } from '../clients/mailer';
import type { WalletRecord } from '../storage/wallets';
import type { ReminderThreshold } from './credential-expiry';

const PSP_NAMES: Record<string, string> = { qiwi: 'QIWI', qiwi_qvp: 'QIWI', qiwi_md: 'QIWI Moldova' };

const when: Record<ReminderThreshold, string> = {
  '30d': 'expire within 30 days',
  '7d': 'expire within 7 days',
  '1d': 'expire within a day',
  expired: 'have expired',
  invalid: 'were refused by the payment system',
};

/** Same for every attempt at one reminder, so a second copy is recognisable as the same message. */
export const reminderMessageId = (walletId: string, threshold: ReminderThreshold, expiresAt: Date) =>
  `<credential-reminder.${walletId}.${threshold}.${expiresAt.getTime()}@fleet-payment-systems>`;

/** The wallet's page in the dispatcher console: ids only, so the link is safe to forward. */
export const walletConsoleUrl = (consoleUrl: string, wallet: Pick<WalletRecord, 'id' | 'parkId'>) =>
  `${consoleUrl.replace(/\/+$/, '')}/parks/${encodeURIComponent(wallet.parkId)}/wallets/${wallet.id}`;

/**
 * The reminder e-mail: what expires, when, and how to renew. Built from the record, never from the credentials.
 * No PSP we serve renews a token through an API, so renewal is the dispatcher's: the e-mail links to the wallet.
 */
export function credentialReminderMail(
  wallet: Pick<WalletRecord, 'id' | 'parkId' | 'psp' | 'name'>,
  threshold: ReminderThreshold,
  expiresAt: Date,
  to: string[],
  consoleUrl: string,
): OutgoingMail {
  const psp = PSP_NAMES[wallet.psp] ?? wallet.psp;
  const date = expiresAt.toISOString().slice(0, 10);
  const subject = `${psp} credentials of wallet "${wallet.name}" ${when[threshold]} (${date})`;
  const text = [
    `Park: ${wallet.parkId}`,
    `Wallet: ${wallet.name} (${wallet.id})`,
    `Payment system: ${psp} (${wallet.psp})`,
    threshold === 'invalid'
      ? `Credentials refused by ${psp} since: ${expiresAt.toISOString()} (UTC)`
      : `Credentials ${threshold === 'expired' ? 'expired' : 'expire'} on: ${expiresAt.toISOString()} (UTC)`,
    '',
    threshold === 'expired' || threshold === 'invalid'
      ? 'Payments that need these credentials are refused until new ones are saved.'
      : 'After that date payments that need these credentials are refused.',
    '',
    'To renew:',
    `1. Sign in to your ${psp} merchant account and issue a new authorisation token (QIWI issues it for one year).`,
    `2. Open the wallet in the dispatcher console and save the new token as its credentials:`,
    `   ${walletConsoleUrl(consoleUrl, wallet)}`,
    `   (API: PATCH /v1/parks/${wallet.parkId}/wallets/${wallet.id} with "credentials" and, if the PSP names`,
    '   another date, "credentialsExpireAt").',
    `3. Where ${psp} can be asked, the new token is checked with it before it replaces the old one: the old one`,
    '   keeps working until then, and a refused one is reported on the spot and not saved.',
    '4. The wallet then shows credentialsStatus "ok", the expiry starts over and these reminders stop.',
    '',
    'This message holds no credentials; nobody from the payments team will ask you for them.',
  ].join('\n');
  return { to, subject, text, messageId: reminderMessageId(wallet.id, threshold, expiresAt) };
}
