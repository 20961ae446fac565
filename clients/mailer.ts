import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  /** Stable per notice (`<…@…>`): every attempt sends the same one, so a copy re-sent after a lost answer is known. */
  messageId: string;
}

/**
 * The server refused the message for good (5xx to RCPT TO or DATA): sending it again cannot succeed. `reason` holds
 * the command and the server's codes only, not its text, which may quote the recipients.
 */
export class MailRefused extends Error {
  override readonly name = 'MailRefused';
  constructor(readonly reason: string) {
    super(reason);
  }
}

interface SmtpError {
  permanent?: boolean;
  command?: string;
  responseCode?: number;
  response?: string;
}

/** Refusals of the envelope or the message; a refused login or sender is our configuration, retried until fixed. */
const REFUSED_COMMANDS: Record<string, string> = { 'RCPT TO': 'every recipient', DATA: 'the message' };

function refusalOf(err: unknown): MailRefused | undefined {
  const { permanent, command = '', responseCode, response = '' } = (err ?? {}) as SmtpError;
  const what = REFUSED_COMMANDS[command];
  if (!permanent || !what || !responseCode) return undefined;
  const enhanced = /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1];
  return new MailRefused(`SMTP server refused ${what} at ${command}: ${responseCode}${enhanced ? ` ${enhanced}` : ''}`);
}

export interface Mailer {
  /**
   * Resolves once the SMTP server accepted the message; rejects with `MailRefused` when it refused it for good,
   * otherwise with the transport's error when it did not take it (or its answer never came).
   */
  send(mail: OutgoingMail): Promise<{ accepted: string[] }>;
  close(): void;
}

export interface MailerOptions {
  /** `smtp://[user:password@]host:port` or `smtps://…`; it may hold a password, so it is never logged. */
  smtpUrl: string;
  from: string;
  timeoutMs: number;
}

export function createMailer({ smtpUrl, from, timeoutMs }: MailerOptions): Mailer {
  // A hung server must fail the attempt in time, so the activity retries instead of waiting out its own timeout.
  const transport = createTransport(
    { url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs },
    { from },
  );
  return {
    async send({ to, subject, text, messageId }) {
      try {
        const info = await transport.sendMail({ to, subject, text, messageId });
        return { accepted: info.accepted.map(String) };
      } catch (err) {
        throw refusalOf(err) ?? err;
      }
    },
    close: () => transport.close(),
  };
}
