import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  /** Stable per notice (`<…@…>`): every attempt sends the same one, so a copy re-sent after a lost answer is known. */
  messageId: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects when it did not (or its answer never came). */
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
      const info = await transport.sendMail({ to, subject, text, messageId });
      return { accepted: info.accepted.map(String) };
    },
    close: () => transport.close(),
  };
}
