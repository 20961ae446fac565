import { randomUUID } from 'node:crypto';
import type { Harness } from '../../testkit/harness';

/** Issues an invoice through api-internal as the park's dispatcher; returns its id (the PSP's bill id / reference). */
export async function issueInvoice(
  h: Harness,
  parkId: string,
  driverId: string,
  body: { walletId: string; amount: string; phone?: string },
): Promise<string> {
  const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/drivers/${driverId}/invoices`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await h.token({ parkId })}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { id?: string };
  if (res.status !== 201 || !answer.id) throw new Error(`invoice issue → ${res.status} ${JSON.stringify(answer)}`);
  return answer.id;
}
