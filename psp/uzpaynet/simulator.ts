import { XMLParser } from 'fast-xml-parser';
import { parseDecimalAmount } from '../../domain/money';
import { escapeXml } from '../shared/xml';
import type { PspSimulator, SimArgs, SimKeys, SimRequest } from '../simulator';
import { UnknownOperationError } from '../simulator';
import { formatXsDateTime } from './datetime';
import { PAYNET_NS } from './wsdl';

const xml = new XMLParser({ processEntities: false, parseTagValue: false, removeNSPrefix: true });
const OPERATIONS = ['check', 'pay', 'status', 'cancel', 'statement', 'wsdl'] as const;
type SoapOperation = Exclude<(typeof OPERATIONS)[number], 'wsdl'>;
const ELEMENTS: Readonly<Record<SoapOperation, string>> = {
  check: 'GetInformation',
  pay: 'PerformTransaction',
  status: 'CheckTransaction',
  cancel: 'CancelTransaction',
  statement: 'GetStatement',
};
const TASHKENT = 300;
const DAY = 86_400_000;

const tag = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

/**
 * Paynet's side: document/literal SOAP 1.1 with the wallet's {username, password} in every body. Extras:
 * `serviceId` (1), `accountKey` (client_id), `amountTiyin` (sent as is, for malformed amounts), `dateFrom`/`dateTo`
 * (ISO; default a day either side of `date`), `onlyTransactionId`, `soapAction`.
 */
export const paynetSimulator: PspSimulator = {
  code: 'uzpaynet',
  operations: OPERATIONS,
  build(operation, args, keys): SimRequest {
    if (operation === 'wsdl') return { method: 'GET', suffix: '?wsdl', headers: {} };
    if (!Object.hasOwn(ELEMENTS, operation)) throw new UnknownOperationError('uzpaynet', operation, OPERATIONS);
    const op = ELEMENTS[operation as SoapOperation];
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:uws="${PAYNET_NS}">` +
      `<soapenv:Header/><soapenv:Body><uws:${op}Arguments>${fields(operation as SoapOperation, args, keys)}</uws:${op}Arguments>` +
      '</soapenv:Body></soapenv:Envelope>';
    const action = args.extra.soapAction ?? `urn:${op}`;
    return {
      method: 'POST',
      suffix: '',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
      body,
    };
  },
  read(operation, answer) {
    if (operation === 'wsdl')
      return {
        ok: answer.status === 200 && answer.body.includes('definitions'),
        code: `http ${answer.status}`,
        parsed: answer.body,
      };
    const body = (xml.parse(answer.body) as { Envelope?: { Body?: Record<string, unknown> } }).Envelope?.Body ?? {};
    const [name, result] = Object.entries(body)[0] ?? ['', {}];
    const fields = (result ?? {}) as Record<string, unknown>;
    if (name === 'Fault') return { ok: false, code: `fault http ${answer.status}`, parsed: fields };
    const code = String(fields.status ?? `http ${answer.status}`);
    const prvTxn =
      fields.providerTrnId === undefined || fields.providerTrnId === '0' ? undefined : String(fields.providerTrnId);
    return { ok: code === '0', code, ...(prvTxn && { prvTxn }), parsed: fields };
  },
};

function fields(operation: SoapOperation, a: SimArgs, keys: SimKeys): string {
  const at = a.date ?? new Date();
  const credentials = tag('password', keys.password ?? '') + tag('username', keys.username ?? '');
  const serviceId = tag('serviceId', a.extra.serviceId ?? '1');
  const account = `<parameters>${tag('paramKey', a.extra.accountKey ?? 'client_id')}${tag('paramValue', a.account)}</parameters>`;
  const byTransaction = tag('transactionId', a.txnId) + tag('transactionTime', formatXsDateTime(at, TASHKENT));
  switch (operation) {
    case 'check':
      return credentials + account + serviceId;
    case 'pay':
      return credentials + tag('amount', a.extra.amountTiyin ?? tiyin(a.amount)) + account + serviceId + byTransaction;
    case 'status':
    case 'cancel':
      return credentials + serviceId + byTransaction;
    case 'statement': {
      const from = a.extra.dateFrom ? new Date(a.extra.dateFrom) : new Date(at.getTime() - DAY);
      const to = a.extra.dateTo ? new Date(a.extra.dateTo) : new Date(at.getTime() + DAY);
      const only = a.extra.onlyTransactionId === undefined ? '' : tag('onlyTransactionId', a.extra.onlyTransactionId);
      return (
        credentials +
        tag('dateFrom', formatXsDateTime(from, TASHKENT)) +
        tag('dateTo', formatXsDateTime(to, TASHKENT)) +
        serviceId +
        only
      );
    }
  }
}

/** "50000.00" UZS → "5000000" tiyin, exactly; a malformed amount is sent as typed, for the service to refuse. */
function tiyin(amount: string): string {
  const parsed = parseDecimalAmount(amount, 'UZS');
  return parsed.ok ? parsed.minor.toString() : amount;
}
