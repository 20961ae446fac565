import { fault } from './soap-envelope';

const faultBody = (code: string, text: string) =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
  `<soapenv:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></soapenv:Fault>` +
  '</soapenv:Body></soapenv:Envelope>';

describe('fault', () => {
  it.each([
    ['temporary', 503, 'soapenv:Server', 'Temporary error, retry later'],
    ['too_large', 413, 'soapenv:Client', 'Request too large'],
    ['bad_request', 400, 'soapenv:Client', 'Bad request'],
  ] as const)('%s → HTTP %s, %s: only our own failure blames the server', (reason, status, code, text) => {
    expect(fault(reason)).toEqual({
      status,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: faultBody(code, text),
    });
  });
});
