import { parseDecimalAmount } from '../../domain/money';
import type { PspSimulator, SimArgs, SimKeys, SimRequest } from '../simulator';
import { assertOperation } from '../simulator';
import { paystackSignature } from './verify';

/**
 * Paystack's side: `pay` sends charge.success, `event` another event (`--set event=…`), `raw` any body
 * (`--set body=…`), `pay-invoice` charge.success for our invoice `--txn` (its reference) with no metadata at all; all
 * signed with keys.secretKey. An amount that is not a decimal goes out as the JSON string it is.
 */
const OPERATIONS = ['pay', 'event', 'raw', 'pay-invoice'] as const;

function subunits(amount: string, currency: string): number | string {
  const parsed = parseDecimalAmount(amount, currency);
  return parsed.ok ? Number(parsed.minor) : amount;
}

function payload(operation: string, a: SimArgs): string {
  const currency = a.currency ?? 'NGN';
  if (operation === 'raw') return a.extra.body ?? '';
  const metadata = operation === 'pay-invoice' ? {} : { [a.extra.metadataKey ?? 'driver_id']: a.account };
  const data = {
    id: Number(a.txnId.replace(/\D/g, '').slice(-9) || '1'),
    status: 'success',
    reference: a.txnId,
    amount: subunits(a.amount, currency),
    currency,
    paid_at: (a.date ?? new Date()).toISOString(),
    channel: 'card',
    metadata,
  };
  return JSON.stringify({
    event: operation === 'event' ? (a.extra.event ?? 'transfer.success') : 'charge.success',
    data,
  });
}

export const paystackSimulator: PspSimulator = {
  code: 'paystack',
  operations: OPERATIONS,
  build(operation, args, keys: SimKeys): SimRequest {
    assertOperation('paystack', operation, OPERATIONS);
    const body = payload(operation, args);
    return {
      method: 'POST',
      suffix: '',
      headers: {
        'content-type': 'application/json',
        'x-paystack-signature': paystackSignature(body, keys.secretKey ?? ''),
      },
      body,
    };
  },
  read(_operation, answer) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      parsed = answer.body;
    }
    const result = (parsed as { result?: unknown } | null)?.result;
    return { ok: answer.status === 200, code: typeof result === 'string' ? result : `http ${answer.status}`, parsed };
  },
};
