import { isSupportedCurrency } from '../../domain/money';
import type { ParseResult, PspCommand, PspRequest, WalletContext } from '../types';
import { refusal, type Checked } from '../shared/checked';
import { resolveSettings } from './settings';

/** Nothing of a webhook is echoed in the answer. */
export type PaystackContext = { readonly event?: string };

// Paystack documents references as alphanumerics, '-', '.', '='; '_' is tolerated (dashboard-made references).
const REFERENCE = /^[\w.=-]{1,100}$/;
const EVENT = /^[\w.]{1,64}$/;

/**
 * `charge.success` → a PAY credited only after Paystack's verify agrees, for the driver of our invoice whose id is the
 * reference (the gateway looks it up; metadata is free text and never names anyone). Other events are dropped.
 */
export function parsePaystack(req: PspRequest, wallet: WalletContext): ParseResult<PaystackContext> {
  const body = readJson(req.rawBody);
  const event = typeof body?.event === 'string' && EVENT.test(body.event) ? body.event : undefined;
  const context: PaystackContext = event === undefined ? {} : { event };
  const command = toCommand(body, event, wallet);
  return command.ok ? { ok: true, command: command.value, context } : { ...command, context };
}

function toCommand(
  body: Record<string, unknown> | undefined,
  event: string | undefined,
  wallet: WalletContext,
): Checked<PspCommand> {
  if (!body || event === undefined) return refusal('bad_request', 'body must be a JSON object with an event');
  if (event !== 'charge.success') return { ok: true, value: { kind: 'ignore', why: `event ${event}` } };
  const settings = resolveSettings(wallet);
  if (!settings.ok) return refusal('error', settings.message);
  const data = asObject(body.data);
  if (!data) return refusal('bad_request', 'data must be an object');

  const { reference, amount, currency } = data;
  if (typeof reference !== 'string' || !REFERENCE.test(reference))
    return refusal('bad_request', 'data.reference is malformed');
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount))
    return refusal('bad_amount', 'data.amount must be an integer in subunits');
  if (amount <= 0) return refusal('amount_too_small', 'data.amount must be positive');
  if (currency !== wallet.currency || !isSupportedCurrency(wallet.currency)) {
    return refusal('bad_amount', 'data.currency is not the wallet currency');
  }
  const paidAt = typeof data.paid_at === 'string' ? new Date(data.paid_at) : undefined;
  return {
    ok: true,
    value: {
      kind: 'pay',
      pspTxnId: reference,
      account: '',
      amountMinor: BigInt(amount),
      verifyWithPsp: true,
      byInvoice: true,
      ...(paidAt && !Number.isNaN(paidAt.getTime()) && { paidAt }),
    },
  };
}

function readJson(raw: Buffer): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(raw.toString('utf8')));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
