import type { HttpAnswer, Refusal } from '../types';
import { element } from '../shared/xml';

export const HEADERS = { 'Content-Type': 'text/xml; charset=utf-8' };
const OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>';
const CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** A SOAP 1.1 envelope around one Body element. */
export const answer = (status: number, inner: string): HttpAnswer => ({
  status,
  headers: HEADERS,
  body: `${OPEN}${inner}${CLOSE}`,
});

const FAULTS: Partial<Record<Refusal, { http: number; text: string }>> = {
  unknown_link: { http: 404, text: 'Unknown link' },
  too_large: { http: 413, text: 'Request too large' },
  forbidden: { http: 403, text: 'Access denied' },
  unauthorized: { http: 403, text: 'Access denied' },
  temporary: { http: 503, text: 'Temporary error, retry later' },
};

/** For calls whose operation cannot be told; 503 only when our side failed, never for the caller's input. */
export function fault(reason: Refusal): HttpAnswer {
  const { http, text } = FAULTS[reason] ?? { http: 400, text: 'Bad request' };
  const code = http === 503 ? 'soapenv:Server' : 'soapenv:Client';
  return answer(http, `<soapenv:Fault>${element('faultcode', code)}${element('faultstring', text)}</soapenv:Fault>`);
}
