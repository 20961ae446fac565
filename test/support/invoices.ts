import { randomUUID } from 'node:crypto';
import type { Harness } from '../../testkit/harness';

const LOOPBACK = ['127.0.0.1/32', '::1/128'];

/** A wallet of the park for a web PSP, reachable from the loopback stand-ins; returns its id. */
export async function invoiceWallet(
  h: Harness,
  parkId: string,
  wallet: { psp: string; currency: string; settings?: object; credentials: object },
): Promise<string> {
  const w = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: wallet.psp,
    name: wallet.psp,
    currency: wallet.currency,
    settings: { ipAllowList: LOOPBACK, ...wallet.settings },
    credentials: wallet.credentials,
  });
  if (w.status !== 201) throw new Error(`wallet create → ${w.status} ${JSON.stringify(w.body)}`);
  return w.body.id as string;
}

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
