import { paynetWallet, soapRequest, TEST_CREDENTIALS } from './fixtures/http';
import { PAYNET_SAMPLES as S } from './fixtures/samples';
import { isWsdlRequest, parsePaynet } from './parse';
import { paynetSimulator } from './simulator';

const wallet = paynetWallet();
const base = { utcOffsetMinutes: 300, exposeDriverName: false };
const pay = (headers: Record<string, string> = {}) => parsePaynet(soapRequest(S.pay.request, headers), wallet);

describe('isWsdlRequest', () => {
  it.each([
    ['GET', '?wsdl', true],
    ['get', '?WSDL', true],
    ['POST', '?wsdl', false],
    ['GET', '?x=1', false],
  ])('%s %s → %s', (method, query, wsdl) => {
    expect(isWsdlRequest(soapRequest('', {}, method, `/psp/uzpaynet/***${query}`))).toBe(wsdl);
  });
});

describe('parsePaynet', () => {
  it('answers ?wsdl with the WSDL, whatever the body', () => {
    expect(parsePaynet(soapRequest(S.pay.request, {}, 'GET', '/psp/uzpaynet/***?wsdl'), wallet)).toStrictEqual({
      ok: true,
      command: { kind: 'ignore', why: 'WSDL request' },
      context: { ...base, wsdl: true },
    });
  });

  it.each([
    ['a PUT of a well-formed call', soapRequest(S.pay.request, {}, 'PUT'), 'SOAP calls are POSTed'],
    [
      'an element that names no operation',
      soapRequest(S.check.request.replace(/GetInformationArguments/g, 'GetInformationArgumentz')),
      'unknown operation',
    ],
  ])('refuses %s before the operation is known', (_label, req, message) => {
    expect(parsePaynet(req, wallet)).toStrictEqual({ ok: false, reason: 'bad_request', message, context: base });
  });

  it.each(['"urn:PerformTransaction"', ' "urn:PerformTransaction" ', '" urn:PerformTransaction "', ''])(
    'SOAPAction %j fits PerformTransaction',
    (soapaction) => {
      expect(pay({ soapaction })).toMatchObject({ ok: true, command: { kind: 'pay' } });
    },
  );

  it.each(['"urn:CancelTransaction"', 'x"urn:PerformTransaction"', '"urn:"PerformTransaction'])(
    'SOAPAction %j names another operation',
    (soapaction) => {
      expect(pay({ soapaction })).toStrictEqual({
        ok: false,
        reason: 'bad_request',
        message: 'SOAPAction names another operation',
        context: base,
      });
    },
  );

  it.each([
    [' true ', true],
    ['1', true],
    ['\tfalse', false],
    ['0', false],
  ])('onlyTransactionId %j reads as %s', (onlyTransactionId, only) => {
    const built = paynetSimulator.build(
      'statement',
      {
        account: 'DRV-000123',
        amount: '1',
        txnId: '1',
        date: new Date('2024-03-25T09:06:00Z'),
        extra: { onlyTransactionId },
      },
      TEST_CREDENTIALS,
    );
    expect(parsePaynet(soapRequest(built.body ?? '', built.headers), wallet)).toMatchObject({
      ok: true,
      context: { operation: 'GetStatement', onlyTransactionId: only },
    });
  });
});
