import { randomUUID } from 'node:crypto';
import type { Harness } from '../../testkit/harness';

/** Asks api-internal for an invoice as the park's dispatcher, as Pro's backend would; the answer whatever it is. */
export async function postInvoice(
  h: Harness,
  parkId: string,
  driverId: string,
  body: object,
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${h.internalUrl}/v1/parks/${parkId}/drivers/${driverId}/invoices`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await h.token({ parkId })}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Issues an invoice; returns its id (the PSP's bill id / reference). */
export async function issueInvoice(
  h: Harness,
  parkId: string,
  driverId: string,
  body: { walletId: string; amount: string; phone?: string },
): Promise<string> {
  const answer = await postInvoice(h, parkId, driverId, body);
  if (answer.status !== 201 || !answer.body.id) {
    throw new Error(`invoice issue → ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body.id as string;
}
