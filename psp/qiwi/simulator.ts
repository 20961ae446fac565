import { XMLParser } from 'fast-xml-parser';
import type { PspSimulator, SimArgs, SimKeys, SimRequest } from '../simulator';
import { assertOperation } from '../simulator';
import { qiwiSignature } from './verify';

const xml = new XMLParser({ processEntities: false, parseTagValue: false });
/**
 * `notify` signs with X-Api-Signature, `notify-basic` sends Basic login:password, `raw` signs `--set body=…`;
 * `pay-invoice` is QIWI telling us the payer paid our invoice `--txn` (its bill id): the comment names nobody.
 */
const OPERATIONS = ['notify', 'notify-basic', 'raw', 'pay-invoice'] as const;
const OWN = new Set(['status', 'error', 'user', 'prv_name', 'body']);

/** QIWI's notification for a bill: the driver in the comment, `--set status=…` for other statuses, extras appended. */
function params(a: SimArgs): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['bill_id', a.txnId],
    ['status', a.extra.status ?? 'paid'],
    ['error', a.extra.error ?? '0'],
    ['amount', a.amount],
    ['user', a.extra.user ?? 'tel:+79031811737'],
    ['prv_name', a.extra.prv_name ?? 'Taxi park'],
    ['ccy', a.currency ?? 'RUB'],
    ['comment', a.account],
    ['command', 'bill'],
  ];
  return [...fields, ...Object.entries(a.extra).filter(([name]) => !OWN.has(name))];
}

export const qiwiSimulator: PspSimulator = {
  code: 'qiwi',
  operations: OPERATIONS,
  build(operation, args, keys: SimKeys): SimRequest {
    assertOperation('qiwi', operation, OPERATIONS);
    const fields =
      operation === 'raw'
        ? [...new URLSearchParams(args.extra.body ?? '')]
        : params(operation === 'pay-invoice' ? { ...args, account: 'Driver balance top-up' } : args);
    const body = operation === 'raw' ? (args.extra.body ?? '') : new URLSearchParams(fields).toString();
    const auth: Record<string, string> =
      operation === 'notify-basic'
        ? { authorization: `Basic ${Buffer.from(`${keys.login ?? ''}:${keys.password ?? ''}`).toString('base64')}` }
        : { 'x-api-signature': qiwiSignature(fields, keys.password ?? '') };
    return {
      method: 'POST',
      suffix: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/xml', ...auth },
      body,
    };
  },
  read(_operation, answer) {
    let parsed: unknown;
    try {
      parsed = xml.parse(answer.body);
    } catch {
      parsed = answer.body;
    }
    const code = (parsed as { result?: { result_code?: unknown } } | null)?.result?.result_code;
    const text = typeof code === 'string' ? code : `http ${answer.status}`;
    return { ok: answer.status === 200 && text === '0', code: text, parsed };
  },
};
