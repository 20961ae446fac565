import { createMailer, MailRefused } from '../clients/mailer';
import { startOwnMailpit } from './support/own-mailpit';

// A reminder ends on a refusal for good and is retried on anything else: the mailer tells them apart by the
// server's answer to RCPT TO or DATA. Real SMTP servers (Mailpit instances of this test) made to refuse.
const mail = {
  to: ['fleet@park.example'],
  subject: 'reminder',
  text: 'text',
  messageId: '<m.1@fleet-payment-systems>',
};

async function sendThrough(flags: string[]): Promise<unknown> {
  const mailpit = await startOwnMailpit(flags);
  const mailer = createMailer({ smtpUrl: mailpit.smtpUrl, from: 'no-reply@fleet.example', timeoutMs: 5000 });
  try {
    return await mailer.send(mail).then(
      () => 'accepted',
      (err: unknown) => err,
    );
  } finally {
    mailer.close();
    mailpit.stop();
  }
}

it('a 550 to every recipient is a refusal for good, named by command and codes, not by address', async () => {
  const refused = await sendThrough(['--smtp-allowed-recipients', '@elsewhere\\.example$']);
  expect(refused).toBeInstanceOf(MailRefused);
  expect((refused as MailRefused).reason).toBe('SMTP server refused every recipient at RCPT TO: 550 5.1.0');
});

it('a 451 to a recipient (try later) is an ordinary failure, so the reminder is retried', async () => {
  const deferred = await sendThrough(['--chaos-triggers', 'Recipient:451:100']);
  expect(deferred).toBeInstanceOf(Error);
  expect(deferred).not.toBeInstanceOf(MailRefused);
  expect(deferred).toMatchObject({ responseCode: 451 });
});

it('the same server without the refusal takes the message', async () => {
  expect(await sendThrough([])).toBe('accepted');
});
