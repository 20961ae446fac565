import { payAccepted, paymentView } from '../fixtures';
import type { Outcome } from '../types';
import { paynetWallet, soapRequest } from './fixtures/http';
import { PAYNET_SAMPLES as S } from './fixtures/samples';
import type { Operation } from './messages';
import type { PaynetContext } from './parse';
import { renderPaynet } from './render';

const HEADERS = { 'Content-Type': 'text/xml; charset=utf-8' };
const STAMP = '2024-03-25T14:05:09.000+05:00';
const at = new Date('2024-03-25T09:06:00.000Z');

const contextOf = (operation: Operation, extra: Partial<PaynetContext> = {}): PaynetContext => ({
  utcOffsetMinutes: 300,
  exposeDriverName: false,
  operation,
  ...extra,
});
const render = (outcome: Outcome, context: PaynetContext | undefined, body: string = S.pay.request) =>
  renderPaynet(outcome, context, soapRequest(body), paynetWallet({ exposeDriverName: true }), S.answeredAt);
/** The exact SOAP answer: `op`'s Result with `status`, its fixed errorMsg and `fields`. */
const resultBody = (op: Operation, status: number, errorMsg: string, fields = '') =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
  `<ns2:${op}Result xmlns:ns2="http://uws.provider.com/"><errorMsg>${errorMsg}</errorMsg><status>${status}</status>` +
  `<timeStamp>${STAMP}</timeStamp>${fields}</ns2:${op}Result></soapenv:Body></soapenv:Envelope>`;

describe('renderPaynet', () => {
  it('a GetInformation success without the park’s opt-in carries no parameters', () => {
    expect(render({ kind: 'check_ok', driverId: 'd', displayName: 'Ivanov I.' }, contextOf('GetInformation'))).toEqual({
      status: 200,
      headers: HEADERS,
      body: resultBody('GetInformation', 0, 'Success'),
    });
  });

  it('before parsing the name is never exposed, whatever the wallet says', () => {
    const answer = render({ kind: 'check_ok', driverId: 'd', displayName: 'Ivanov I.' }, undefined, S.check.request);
    expect(answer.body).toBe(resultBody('GetInformation', 0, 'Success'));
  });

  const mismatches: Array<[Operation, Outcome, string]> = [
    ['GetInformation', { kind: 'ignored' }, ''],
    ['PerformTransaction', { kind: 'check_ok', driverId: 'd' }, '<providerTrnId>0</providerTrnId>'],
    [
      'CheckTransaction',
      payAccepted(),
      '<providerTrnId>0</providerTrnId><transactionState>0</transactionState>' +
        '<transactionStateErrorStatus>1</transactionStateErrorStatus><transactionStateErrorMsg>System error</transactionStateErrorMsg>',
    ],
    ['CancelTransaction', { kind: 'status', payment: paymentView() }, '<transactionState>0</transactionState>'],
    [
      'CheckTransaction',
      { kind: 'cancelled', payment: paymentView(), repeat: false },
      '<providerTrnId>0</providerTrnId><transactionState>0</transactionState>' +
        '<transactionStateErrorStatus>1</transactionStateErrorStatus><transactionStateErrorMsg>System error</transactionStateErrorMsg>',
    ],
    ['GetInformation', { kind: 'statement', payments: [paymentView({ state: 'processed' })], from: at, to: at }, ''],
  ];
  it.each(mismatches.map(([op, outcome, fields]) => [op, outcome.kind, outcome, fields] as const))(
    '%s answering a %s outcome is our bug: 102 and the fields the schema requires',
    (op, _kind, outcome, fields) => {
      expect(render(outcome, contextOf(op)).body).toBe(resultBody(op, 102, 'System error', fields));
    },
  );

  it('a refused GetStatement is its Result without statements', () => {
    expect(render({ kind: 'refused', reason: 'bad_request', message: 'x' }, contextOf('GetStatement')).body).toBe(
      resultBody('GetStatement', 411, 'Missing or invalid required parameters'),
    );
  });

  it('forbidden is 601 before parsing (address, wallet) and 302 after it (an inactive driver)', () => {
    const forbidden: Outcome = { kind: 'refused', reason: 'forbidden', message: 'x' };
    expect(render(forbidden, undefined).body).toBe(
      resultBody('PerformTransaction', 601, 'Access denied', '<providerTrnId>0</providerTrnId>'),
    );
    expect(render(forbidden, contextOf('PerformTransaction')).body).toBe(
      resultBody('PerformTransaction', 302, 'Client not found', '<providerTrnId>0</providerTrnId>'),
    );
  });

  it('a WSDL request refused after all gets a Fault, not the WSDL', () => {
    const wsdl: PaynetContext = { utcOffsetMinutes: 300, exposeDriverName: false, wsdl: true };
    expect(render({ kind: 'refused', reason: 'temporary', message: 'x' }, wsdl)).toEqual({
      status: 503,
      headers: HEADERS,
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
        '<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Temporary error, retry later</faultstring></soapenv:Fault>' +
        '</soapenv:Body></soapenv:Envelope>',
    });
  });

  it('a statement lists every performed payment, one element after the other', () => {
    const payments = [
      paymentView({ prvTxn: '1', pspTxnId: '11', state: 'processed', amountMinor: 5000000n, pspPaidAt: at }),
      paymentView({ prvTxn: '2', pspTxnId: '12', state: 'processed', amountMinor: 100n, pspPaidAt: null }),
    ];
    const statement = (only?: boolean) =>
      render({ kind: 'statement', payments, from: at, to: at }, contextOf('GetStatement', { onlyTransactionId: only }))
        .body;
    expect(statement()).toBe(
      resultBody(
        'GetStatement',
        0,
        'Success',
        '<statements><amount>5000000</amount><providerTrnId>1</providerTrnId><transactionId>11</transactionId>' +
          '<transactionTime>2024-03-25T14:06:00.000+05:00</transactionTime></statements>' +
          '<statements><amount>100</amount><providerTrnId>2</providerTrnId><transactionId>12</transactionId>' +
          '<transactionTime>2024-03-25T16:06:01.000+05:00</transactionTime></statements>',
      ),
    );
    expect(statement(true)).toBe(
      resultBody(
        'GetStatement',
        0,
        'Success',
        '<statements><transactionId>11</transactionId></statements><statements><transactionId>12</transactionId></statements>',
      ),
    );
  });

  it.each([
    ['performed', { state: 'processed' as const }, '1', '0', 'Success'],
    ['cancelled', { state: 'processed' as const, cancelledAt: at }, '2', '1', 'Transaction cancelled'],
    ['rejected by billing', { state: 'rejected' as const }, '2', '1', 'Transaction not performed'],
  ])('CheckTransaction of a payment %s', (_label, payment, state, errorStatus, errorMsg) => {
    expect(render({ kind: 'status', payment: paymentView(payment) }, contextOf('CheckTransaction')).body).toBe(
      resultBody(
        'CheckTransaction',
        0,
        'Success',
        `<providerTrnId>98765</providerTrnId><transactionState>${state}</transactionState>` +
          `<transactionStateErrorStatus>${errorStatus}</transactionStateErrorStatus>` +
          `<transactionStateErrorMsg>${errorMsg}</transactionStateErrorMsg>`,
      ),
    );
  });
});
