import { z } from 'zod';
import { formatMinor, isSupportedCurrency, parseDecimalAmount } from '../../domain/money';
import { NeighbourProtocolError, NeighbourUnavailableError } from '../../clients/errors';
import type { NeighbourOptions } from '../../clients/http';

/** A merchant's QIWI Pull account: `prv_id` in the path, Basic API_ID:API_PASSWORD (psp/qiwi/README.md). */
export interface QiwiPullAccount {
  prvId: string;
  apiId: string;
  apiPassword: string;
}

export interface NewBill {
  /** The payer's QIWI wallet, `tel:+7…`. */
  user: string;
  amountMinor: bigint;
  currency: string;
  comment: string;
  /** When the bill expires (QIWI: at most 45 days ahead); sent in Moscow time as the API wants. */
  lifetime: Date;
  paySource?: 'qw' | 'mobile';
  prvName?: string;
}

/** `waiting` is the only status that is not final; anything unknown is treated like it (Hyperswitch's rule). */
export type BillStatus = 'waiting' | 'paid' | 'rejected' | 'unpaid' | 'expired';
export interface QiwiBill {
  billId: string;
  amountMinor: bigint;
  currency: string;
  status: BillStatus;
  user: string;
  comment: string;
}

export type BillAnswer =
  { ok: true; bill: QiwiBill } | { ok: false; resultCode: number; description: string; retryable: boolean };

/** The documented non-fatal result codes: repeating the same request later may succeed. */
const RETRYABLE = new Set([13, 152, 300, 316, 319, 774, 1003]);
const STATUSES: readonly string[] = ['waiting', 'paid', 'rejected', 'unpaid', 'expired'];
const MOSCOW_OFFSET_MS = 3 * 3600_000;

const answerSchema = z.object({
  response: z.object({
    result_code: z.coerce.number().int(),
    description: z.string().optional(),
    bill: z
      .object({
        bill_id: z.string(),
        amount: z.union([z.string(), z.number()]),
        ccy: z.string(),
        status: z.string(),
        user: z.string().default(''),
        comment: z.string().default(''),
      })
      .optional(),
  }),
});

export function createQiwiPullClient({ baseUrl, timeoutMs }: NeighbourOptions) {
  const base = baseUrl.replace(/\/+$/, '');

  async function call(
    account: QiwiPullAccount,
    billId: string,
    method: 'PUT' | 'GET' | 'PATCH',
    form?: URLSearchParams,
  ): Promise<BillAnswer> {
    const what = `${method} bills/${billId}`;
    const path = `/api/v2/prv/${encodeURIComponent(account.prvId)}/bills/${encodeURIComponent(billId)}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${account.apiId}:${account.apiPassword}`, 'utf8').toString('base64')}`,
      ...(form && { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }),
    };
    let status: number;
    let text: string;
    try {
      const res = await fetch(base + path, {
        method,
        headers,
        body: form?.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const timedOut = e instanceof Error && e.name === 'TimeoutError';
      throw new NeighbourUnavailableError(
        'qiwi',
        timedOut ? 'timeout' : 'network',
        `${what}: ${timedOut ? 'no answer in time' : 'unreachable'}`,
        undefined,
        { cause: e },
      );
    }
    const parsed = answerSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      if (status >= 500 || status === 429)
        throw new NeighbourUnavailableError('qiwi', 'status', `${what} answered ${status}`, status);
      throw new NeighbourProtocolError('qiwi', `${what}: answer outside the contract`, status);
    }
    const { result_code: resultCode, description = '', bill } = parsed.data.response;
    if (resultCode !== 0) return { ok: false, resultCode, description, retryable: RETRYABLE.has(resultCode) };
    if (!bill) throw new NeighbourProtocolError('qiwi', `${what}: result 0 without a bill`, status);
    return { ok: true, bill: toBill(bill, what) };
  }

  return {
    /** PUT: bill ids are ours and unique; a repeat answers 215 (the caller then reads the bill with `bill`). */
    createBill(account: QiwiPullAccount, billId: string, bill: NewBill): Promise<BillAnswer> {
      const form = new URLSearchParams({
        user: bill.user,
        amount: formatMinor(bill.amountMinor, bill.currency),
        ccy: bill.currency,
        comment: bill.comment,
        lifetime: new Date(bill.lifetime.getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 19),
      });
      if (bill.paySource) form.set('pay_source', bill.paySource);
      if (bill.prvName) form.set('prv_name', bill.prvName);
      return call(account, billId, 'PUT', form);
    },
    bill: (account: QiwiPullAccount, billId: string) => call(account, billId, 'GET'),
    cancelBill: (account: QiwiPullAccount, billId: string) =>
      call(account, billId, 'PATCH', new URLSearchParams({ status: 'rejected' })),
  };
}

export type QiwiPullClient = ReturnType<typeof createQiwiPullClient>;

function toBill(bill: NonNullable<z.infer<typeof answerSchema>['response']['bill']>, what: string): QiwiBill {
  const amount = isSupportedCurrency(bill.ccy) ? parseDecimalAmount(String(bill.amount), bill.ccy) : undefined;
  if (!amount?.ok) throw new NeighbourProtocolError('qiwi', `${what}: bill amount is not exact in ${bill.ccy}`);
  const status = (STATUSES.includes(bill.status) ? bill.status : 'waiting') as BillStatus;
  return {
    billId: bill.bill_id,
    amountMinor: amount.minor,
    currency: bill.ccy,
    status,
    user: bill.user,
    comment: bill.comment,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
