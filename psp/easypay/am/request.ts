import type { PspRequest } from '../../types';
import { readJson } from './json';

export type AmEndpoint = 'balance-inquiry' | 'payments' | 'ping';

export interface AmInput {
  type: string;
  value: string;
  technicalIndex: string;
}
/** A call of EasyPay.am; numbers are kept as their JSON text. */
export interface AmRequest {
  endpoint: AmEndpoint;
  merchantServiceIdentifierId: string;
  /** Empty when absent or null (optional on payments). */
  balanceInquiryId: string;
  inputs: AmInput[];
  orderId: string;
  amount: string;
}
export type AmRead =
  { ok: true; request: AmRequest } | { ok: false; endpoint?: AmEndpoint; field: string; message: string };

const ENDPOINT_PATH = /\/api\/(balance-inquiry|payments|ping)\/?(?:\?|$)/;
const INTEGER = /^-?\d{1,19}$/;
const ORDER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
type Fields = Record<string, unknown>;

/** The endpoint by path when the gateway passes one, else by method and body shape (a payment has an OrderId). */
export function readAmRequest(req: PspRequest): AmRead {
  const byPath = ENDPOINT_PATH.exec(req.url)?.[1] as AmEndpoint | undefined;
  if (byPath === 'ping' || (!byPath && req.method.toUpperCase() === 'GET')) return { ok: true, request: ping() };
  const body = readJson(req.rawBody.toString('utf8'));
  if (!body || !isFields(body.typed) || !isFields(body.literal))
    return { ok: false, endpoint: byPath, field: 'body', message: 'body must be a JSON object' };
  const typed = body.typed;
  const literal = body.literal;
  const endpoint = byPath ?? ('OrderId' in typed ? 'payments' : 'balance-inquiry');
  const fail = (field: string, message: string): AmRead => ({ ok: false, endpoint, field, message });

  const integer = (name: string) =>
    typeof typed[name] === 'number' && INTEGER.test(String(literal[name])) ? String(literal[name]) : undefined;
  const merchantServiceIdentifierId = integer('MerchantServiceIdentifierId');
  if (!merchantServiceIdentifierId) return fail('MerchantServiceIdentifierId', 'must be an integer');
  const balanceInquiryId = integer('BalanceInquiryId');
  const optionalInquiry = endpoint === 'payments' && (typed.BalanceInquiryId ?? null) === null;
  if (!balanceInquiryId && !optionalInquiry) return fail('BalanceInquiryId', 'must be an integer');
  const inputs = readInputs(typed.Inputs, literal.Inputs);
  if (!inputs) return fail('Inputs', 'must be 1 to 20 items of {Type, Value, TechnicalIndex}');
  const common = {
    endpoint,
    merchantServiceIdentifierId,
    balanceInquiryId: balanceInquiryId ?? '',
    inputs,
    orderId: '',
    amount: '',
  };
  if (endpoint !== 'payments') return { ok: true, request: common };

  const orderId = typed.OrderId;
  if (typeof orderId !== 'string' || !ORDER_ID.test(orderId))
    return fail('OrderId', 'must be 1 to 64 letters, digits or _.:-');
  if (typeof typed.Amount !== 'number') return fail('Amount', 'must be a number');
  return { ok: true, request: { ...common, orderId, amount: String(literal.Amount) } };
}

/**
 * The guide's HMAC input: inquiry `BalanceInquiryId + MerchantServiceIdentifierId + Inputs + Nonce`, payment
 * `OrderId + Amount + …` before it; each input as `Type:Value:TechnicalIndex:`.
 */
export function signingString(r: AmRequest, nonce: string): string {
  const inputs = r.inputs.map((i) => `${i.type}:${i.value}:${i.technicalIndex}:`).join('');
  const head = r.endpoint === 'payments' ? r.orderId + r.amount : '';
  return `${head}${r.balanceInquiryId}${r.merchantServiceIdentifierId}${inputs}${nonce}`;
}

function readInputs(typed: unknown, literal: unknown): AmInput[] | undefined {
  if (!Array.isArray(typed) || !Array.isArray(literal) || typed.length < 1 || typed.length > 20) return undefined;
  const inputs: AmInput[] = [];
  for (const [i, item] of typed.entries()) {
    const text: unknown = literal[i];
    if (!isFields(item) || !isFields(text) || typeof item.Value !== 'string') return undefined;
    if (typeof item.Type !== 'number' || typeof item.TechnicalIndex !== 'number') return undefined;
    const type = String(text.Type);
    const technicalIndex = String(text.TechnicalIndex);
    if (!INTEGER.test(type) || !INTEGER.test(technicalIndex)) return undefined;
    inputs.push({ type, value: item.Value, technicalIndex });
  }
  return inputs;
}

function ping(): AmRequest {
  return {
    endpoint: 'ping',
    merchantServiceIdentifierId: '',
    balanceInquiryId: '',
    inputs: [],
    orderId: '',
    amount: '',
  };
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
