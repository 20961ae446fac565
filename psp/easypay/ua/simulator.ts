import { sign, verify } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { SimAnswer, SimArgs, SimKeys, SimRequest, SimResult } from '../../simulator';
import { formatLocal } from './dates';

const xml = new XMLParser({ processEntities: false, parseTagValue: false });
export const UA_SIM_OPERATIONS = ['ua-check', 'ua-payment', 'ua-confirm', 'ua-cancel'] as const;
type UaSimOperation = (typeof UA_SIM_OPERATIONS)[number];

/**
 * EasySoft's side of Provider 3.1. Keys: `easypayPrivateKey` (PEM) signs the request, `providerPublicKey` (PEM)
 * checks our answer, `serviceId` (default 1234). Extras: `ServiceId` overrides it, `padBytes` pads the request,
 * `body` replaces the whole request (sent unsigned, as given).
 */
export function buildUa(operation: UaSimOperation, a: SimArgs, keys: SimKeys): SimRequest {
  const headers = { 'content-type': 'text/xml; charset=utf-8' };
  if (a.extra.body !== undefined) return { method: 'POST', suffix: '', headers, body: a.extra.body };
  const field = (name: string, value: string) => `<${name}>${value}</${name}>`;
  const service = field('ServiceId', a.extra.ServiceId ?? keys.serviceId ?? '1234');
  const inner = {
    'ua-check': () => field('Check', service + field('Account', a.account)),
    'ua-payment': () =>
      field('Payment', service + field('OrderId', a.txnId) + field('Account', a.account) + field('Amount', a.amount)),
    'ua-confirm': () => field('Confirm', service + field('PaymentId', a.prvTxn ?? '')),
    'ua-cancel': () => field('Cancel', service + field('PaymentId', a.prvTxn ?? '')),
  }[operation]();
  const pad = a.extra.padBytes ? field('Pad', 'x'.repeat(Number(a.extra.padBytes))) : '';
  const when = field('DateTime', formatLocal(a.date ?? new Date(), 'Europe/Kyiv'));
  // Signed with <Sign></Sign> empty: the receiver removes the value and verifies what is left.
  const unsigned = `<Request>${when}<Sign></Sign>${inner}${pad}</Request>`;
  const signature = keys.easypayPrivateKey
    ? sign('sha1', Buffer.from(unsigned), keys.easypayPrivateKey).toString('hex').toUpperCase()
    : '';
  return { method: 'POST', suffix: '', headers, body: unsigned.replace('<Sign></Sign>', `<Sign>${signature}</Sign>`) };
}

export function readUa(answer: SimAnswer, keys: SimKeys): SimResult {
  const response = safeParse(answer.body);
  const code = String(response.StatusCode ?? `http ${answer.status}`);
  const paymentId = response.PaymentId;
  return {
    ok: code === '0',
    code,
    prvTxn: typeof paymentId === 'string' ? paymentId : undefined,
    signatureValid: signatureValid(answer.body, keys),
    parsed: response,
  };
}

/** Our answer is signed as serialised without its Sign element. */
function signatureValid(body: string, keys: SimKeys): boolean | undefined {
  const signHex = /<Sign>([0-9A-F]+)<\/Sign>/.exec(body)?.[1];
  if (!keys.providerPublicKey || !signHex) return keys.providerPublicKey ? false : undefined;
  try {
    return verify(
      'sha1',
      Buffer.from(body.replace(`<Sign>${signHex}</Sign>`, '')),
      keys.providerPublicKey,
      Buffer.from(signHex, 'hex'),
    );
  } catch {
    return false;
  }
}

function safeParse(body: string): Record<string, unknown> {
  try {
    return (xml.parse(body) as { Response?: Record<string, unknown> }).Response ?? {};
  } catch {
    return {};
  }
}
