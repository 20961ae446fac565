import { randomBytes, randomUUID } from 'node:crypto';
import { getSimulator, simulate } from '../../psp/simulators';
import { walletWithLink, type Harness } from '../../testkit/harness';
import { seedQiwiAccount, type QiwiPullAccountSeed } from '../../testkit/psp-stand-ins';
import { LOOPBACK } from './psp-terminals';

/** A QIWI merchant's Pull API account (`apiId` its own per suite) and the login QIWI signs its notifications with. */
export function qiwiInvoiceCredentials(apiId: string) {
  const account: QiwiPullAccountSeed = { prv_id: '24274', api_id: apiId, api_password: randomBytes(8).toString('hex') };
  return { account, notify: { login: '24274', password: randomBytes(12).toString('hex') } };
}

export const paystackTestKey = () => `sk_test_${randomBytes(16).toString('hex')}`;

/**
 * The invoice suites' park: the QIWI account known to QIWI's stand-in, a QIWI wallet holding its API and notification
 * credentials and a Paystack wallet holding its key, both with callback links and open to loopback only.
 */
export async function invoiceWallets(
  h: Harness,
  parkId: string,
  qiwi: ReturnType<typeof qiwiInvoiceCredentials>,
  paystackKey: string,
) {
  await seedQiwiAccount(h.config.QIWI_API_URL, qiwi.account);
  const qiwiWallet = await walletWithLink(
    h,
    parkId,
    'qiwi',
    'RUB',
    { ipAllowList: LOOPBACK, prvId: qiwi.account.prv_id },
    { ...qiwi.notify, apiId: qiwi.account.api_id, apiPassword: qiwi.account.api_password },
  );
  const paystackWallet = await walletWithLink(
    h,
    parkId,
    'paystack',
    'NGN',
    { ipAllowList: LOOPBACK },
    {
      secretKey: paystackKey,
    },
  );
  return { qiwi: qiwiWallet, paystack: paystackWallet };
}

/** QIWI tells the wallet's link that bill `billId` was paid `amount` roubles, signed with its notification login. */
export const notifyQiwiPaid = (
  linkUrl: string,
  notify: ReturnType<typeof qiwiInvoiceCredentials>['notify'],
  billId: string,
  amount: string,
) =>
  simulate(
    getSimulator('qiwi')!,
    linkUrl,
    'pay-invoice',
    { txnId: billId, account: 'free text', amount, currency: 'RUB', extra: {} },
    notify,
  );

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
