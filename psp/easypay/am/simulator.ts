import { randomUUID } from 'node:crypto';
import type { SimAnswer, SimArgs, SimKeys, SimRequest, SimResult } from '../../simulator';
import { hmacBase64 } from './hmac';
import { readAmRequest, signingString } from './request';

export const AM_SIM_OPERATIONS = ['am-check', 'am-pay', 'am-ping'] as const;
type AmSimOperation = (typeof AM_SIM_OPERATIONS)[number];

/**
 * EasyPay.am's side. Keys: `hmacKey`; `nonce` fixes the Nonce (else a fresh UUID, remembered for reading the answer).
 * Extras: `MerchantServiceIdentifierId` (default 67890), `Type` of the account input (default 1, Id),
 * `padBytes` pads the body, `body` replaces it (signed as far as it can be read).
 */
export function amSimulatorSide() {
  let lastNonce = '';
  return {
    build(operation: AmSimOperation, a: SimArgs, keys: SimKeys): SimRequest {
      if (operation === 'am-ping') return { method: 'GET', suffix: '', headers: {} };
      const nonce = keys.nonce ?? randomUUID();
      lastNonce = nonce;
      const input = `{"TechnicalIndex":1,"Type":${a.extra.Type ?? '1'},"Value":${JSON.stringify(a.account)}}`;
      const service = `"MerchantServiceIdentifierId":${a.extra.MerchantServiceIdentifierId ?? '67890'}`;
      const pad = a.extra.padBytes ? `,"Pad":"${'x'.repeat(Number(a.extra.padBytes))}"` : '';
      const body =
        a.extra.body ??
        (operation === 'am-pay'
          ? `{"OrderId":${JSON.stringify(a.txnId)},"Amount":${a.amount},"BalanceInquiryId":null,${service},"Inputs":[${input}]${pad}}`
          : `{"BalanceInquiryId":${a.txnId},${service},"Inputs":[${input}]${pad}}`);
      const read = readAmRequest({
        method: 'POST',
        url: '',
        query: new URLSearchParams(),
        headers: {},
        rawBody: Buffer.from(body),
        clientIp: '',
      });
      const text = read.ok ? signingString(read.request, nonce) : body + nonce;
      const headers = {
        'content-type': 'application/json',
        nonce,
        authorization: `HMAC ${hmacBase64(keys.hmacKey ?? '', text)}`,
      };
      return { method: 'POST', suffix: '', headers, body };
    },
    read(_operation: AmSimOperation, answer: SimAnswer, keys: SimKeys): SimResult {
      const body = safeJson(answer.body);
      const paymentId = typeof body.PaymentId === 'string' ? body.PaymentId : undefined;
      const values = Array.isArray(body.Properties)
        ? (body.Properties as unknown[]).map((p) => String((p as { Value?: unknown } | null)?.Value ?? ''))
        : undefined;
      const signedText = paymentId ?? (values && `${String(body.Debt)}${values.join('')}`);
      const auth = answer.headers.authorization;
      const signatureValid =
        auth && signedText !== undefined && keys.hmacKey
          ? auth === `HMAC ${hmacBase64(keys.hmacKey, signedText + (keys.nonce ?? lastNonce))}`
          : undefined;
      return {
        ok: answer.status === 200,
        code: String(answer.status),
        prvTxn: paymentId,
        signatureValid,
        parsed: body,
      };
    },
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
