/** What reached Mailpit (scripts/services.sh up: SMTP 1025, API 8025), read through its HTTP API. */
const MAILPIT_URL = process.env.MAILPIT_URL ?? 'http://127.0.0.1:8025';

export interface ArrivedMail {
  id: string;
  messageId: string;
  to: string[];
  subject: string;
  text: string;
}

async function json<T>(path: string): Promise<T> {
  const res = await fetch(`${MAILPIT_URL}${path}`);
  if (!res.ok) throw new Error(`Mailpit ${path} → ${res.status}; is it up (npm run services:up)?`);
  return (await res.json()) as T;
}

/** Every message sent to `address`, oldest first, with its plain-text body. */
export async function mailTo(address: string): Promise<ArrivedMail[]> {
  const found = await json<{ messages: Array<{ ID: string }> }>(
    `/api/v1/search?limit=200&query=${encodeURIComponent(`to:"${address}"`)}`,
  );
  const full = await Promise.all(
    found.messages.map((m) =>
      json<{ ID: string; MessageID: string; To: Array<{ Address: string }>; Subject: string; Text: string }>(
        `/api/v1/message/${m.ID}`,
      ),
    ),
  );
  return full
    .map((m) => ({
      id: m.ID,
      messageId: m.MessageID,
      to: m.To.map((t) => t.Address),
      subject: m.Subject,
      text: m.Text,
    }))
    .reverse();
}
