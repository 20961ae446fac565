import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { payAccepted, paymentView } from '../fixtures';
import type { Outcome, PspRequest, WalletContext } from '../types';
import { createPaynetAdapter } from './adapter';
import { paynetWallet, soapRequest, TEST_CREDENTIALS, wsdlRequest } from './fixtures/http';
import { PAYNET_SAMPLES as S } from './fixtures/samples';
import { OPERATIONS, SHAPES } from './messages';
import { paynetSimulator } from './simulator';
import { PAYNET_WSDL } from './wsdl';

const adapter = createPaynetAdapter(() => S.answeredAt);
const wallet = paynetWallet();
const xml = new XMLParser({ processEntities: false, parseTagValue: false, removeNSPrefix: true });
const at = new Date('2024-03-25T09:06:00.000Z');

/** What the gateway does: verify, parse, then render the outcome it decided on. */
function call(req: PspRequest, outcome: (cmd: unknown) => Outcome, w: WalletContext = wallet) {
  const verified = adapter.verify(req, w);
  if (!verified.ok)
    return {
      parsed: undefined,
      answer: adapter.render({ kind: 'refused', reason: verified.reason, message: 'x' }, undefined, req, w),
    };
  const parsed = adapter.parse(req, w);
  const decided: Outcome = parsed.ok
    ? outcome(parsed.command)
    : { kind: 'refused', reason: parsed.reason, message: parsed.message };
  return { parsed, answer: adapter.render(decided, parsed.context, req, w) };
}
const result = (body: string) => Object.values(xml.parse(body).Envelope.Body)[0] as Record<string, any>;
const statusOf = (body: string) => result(body).status as string;
const sim = (
  operation: string,
  extra: Record<string, string> = {},
  keys: Record<string, string> = TEST_CREDENTIALS,
) => {
  const built = paynetSimulator.build(
    operation,
    { account: 'DRV-000123', amount: '50000', txnId: '123456789', date: at, extra },
    keys,
  );
  return soapRequest(
    built.body ?? '',
    built.headers,
    built.method,
    built.method === 'GET' ? `/psp/uzpaynet/***${built.suffix}` : undefined,
  );
};
const refused = (reason: Extract<Outcome, { kind: 'refused' }>['reason']) => (): Outcome => ({
  kind: 'refused',
  reason,
  message: 'secret detail',
});

describe('canonical samples (README: Samples)', () => {
  it('GetInformation parses to a CHECK and answers byte for byte, the name only when the park opts in', () => {
    const named = paynetWallet({ exposeDriverName: true });
    const { parsed, answer } = call(
      soapRequest(S.check.request),
      () => ({ kind: 'check_ok', driverId: 'd', displayName: 'Ivanov I.' }),
      named,
    );
    expect(parsed?.ok && parsed.command).toEqual({ kind: 'check', account: 'DRV-000123' });
    expect(answer).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: S.check.answer,
    });
    const anonymous = call(soapRequest(S.check.request), () => ({
      kind: 'check_ok',
      driverId: 'd',
      displayName: 'Ivanov I.',
    }));
    expect(anonymous.answer.body).not.toContain('Ivanov');
    expect(call(soapRequest(S.check.request), refused('not_found')).answer.body).toBe(S.check.notFound);
  });

  it('PerformTransaction parses tiyin exactly and answers 0, a repeat 201 with the same providerTrnId', () => {
    const view = { prvTxn: S.pay.prvTxn, createdAt: S.pay.acceptedAt, currency: 'UZS', amountMinor: 5000000n };
    const first = call(soapRequest(S.pay.request), () => payAccepted(view));
    expect(first.parsed?.ok && first.parsed.command).toEqual({
      kind: 'pay',
      pspTxnId: '123456789',
      account: 'DRV-000123',
      amountMinor: 5000000n,
      paidAt: at,
    });
    expect(first.answer.body).toBe(S.pay.answer);
    expect(call(soapRequest(S.pay.request), () => payAccepted(view, true)).answer.body).toBe(S.pay.duplicate);
  });
});

describe('credentials', () => {
  it.each([
    ['a wrong password', { ...TEST_CREDENTIALS, password: 'guess' }],
    ['a wrong username', { ...TEST_CREDENTIALS, username: 'other' }],
    ['none', {}],
  ])(
    '%s is refused with 601 inside the operation result, before any parsing',
    (_label, keys: Record<string, string>) => {
      const { parsed, answer } = call(sim('pay', {}, keys), () => payAccepted());
      expect(parsed).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(result(answer.body)).toMatchObject({ status: '601', providerTrnId: '0', errorMsg: 'Access denied' });
    },
  );

  it('a wallet without credentials admits nobody', () => {
    expect(adapter.verify(sim('check'), paynetWallet({}, {}))).toMatchObject({ ok: false, reason: 'unauthorized' });
  });
});

describe('operations', () => {
  it('CheckTransaction reports performed (1), cancelled or never credited (2), unknown (305)', () => {
    const state = (payment: Parameters<typeof paymentView>[0]) =>
      result(call(sim('status'), () => ({ kind: 'status', payment: paymentView(payment) })).answer.body);
    expect(call(sim('status'), () => payAccepted()).parsed).toMatchObject({
      ok: true,
      command: { kind: 'status', ref: { pspTxnId: '123456789' } },
    });
    expect(state({ state: 'processed' })).toMatchObject({
      status: '0',
      providerTrnId: '98765',
      transactionState: '1',
      transactionStateErrorStatus: '0',
    });
    expect(state({ state: 'accepted' })).toMatchObject({ transactionState: '1' });
    expect(state({ state: 'accepted', cancelledAt: at })).toMatchObject({
      transactionState: '2',
      transactionStateErrorStatus: '1',
    });
    expect(state({ state: 'rejected' })).toMatchObject({ transactionState: '2' });
    expect(result(call(sim('status'), refused('unknown_payment')).answer.body)).toMatchObject({
      status: '305',
      providerTrnId: '0',
      transactionState: '0',
      transactionStateErrorStatus: '1',
    });
  });

  it('CancelTransaction answers 0 then 202, both with transactionState 2; 77 when it cannot be cancelled', () => {
    const cancelled = (repeat: boolean) => (): Outcome => ({ kind: 'cancelled', payment: paymentView(), repeat });
    expect(call(sim('cancel'), cancelled(false)).parsed).toMatchObject({
      ok: true,
      command: { kind: 'cancel', ref: { pspTxnId: '123456789' } },
    });
    expect(result(call(sim('cancel'), cancelled(false)).answer.body)).toMatchObject({
      status: '0',
      transactionState: '2',
    });
    expect(result(call(sim('cancel'), cancelled(true)).answer.body)).toMatchObject({
      status: '202',
      transactionState: '2',
    });
    expect(result(call(sim('cancel'), refused('not_cancellable')).answer.body)).toMatchObject({
      status: '77',
      transactionState: '0',
    });
  });

  it('GetStatement covers dateFrom..dateTo inclusive and lists performed, not cancelled payments', () => {
    const req = sim('statement', { dateFrom: '2024-03-25T00:00:00Z', dateTo: '2024-03-26T00:00:00Z' });
    const payments = [
      paymentView({ prvTxn: '1', pspTxnId: '11', state: 'processed', amountMinor: 5000000n }),
      paymentView({ prvTxn: '2', pspTxnId: '12', state: 'processed', cancelledAt: at }),
      paymentView({ prvTxn: '3', pspTxnId: '13', state: 'accepted' }),
    ];
    const { parsed, answer } = call(req, (cmd: any) => ({ kind: 'statement', payments, from: cmd.from, to: cmd.to }));
    expect(parsed?.ok && parsed.command).toEqual({
      kind: 'statement',
      from: new Date('2024-03-25T00:00:00Z'),
      to: new Date('2024-03-26T00:00:00.001Z'),
    });
    expect(result(answer.body).statements).toEqual({
      amount: '5000000',
      providerTrnId: '1',
      transactionId: '11',
      transactionTime: '2024-03-25T16:06:00.000+05:00',
    });
    const only = call(sim('statement', { onlyTransactionId: 'true' }), (cmd: any) => ({
      kind: 'statement',
      payments,
      from: cmd.from,
      to: cmd.to,
    }));
    expect(result(only.answer.body).statements).toEqual({ transactionId: '11' });
  });
});

describe('validation against the message shapes', () => {
  it.each([
    ['abc', '413'],
    ['10.5', '413'],
    ['-5', '413'],
    ['0', '413'],
    ['99', '413'],
    ['99999999999999999999', '413'],
    ['9000000000', '413'],
  ])('amount %s → status %s, no PAY command', (amountTiyin, status) => {
    const { parsed, answer } = call(sim('pay', { amountTiyin }), () => payAccepted());
    expect(parsed?.ok).toBe(false);
    expect(statusOf(answer.body)).toBe(status);
  });

  it('missing or repeated fields, unknown fields, bad ids → 411; bad dates → 414; another serviceId → 502', () => {
    const pay = (edit: (body: string) => string, w: WalletContext = wallet) =>
      statusOf(call(soapRequest(edit(S.pay.request)), () => payAccepted(), w).answer.body);
    expect(pay((b) => b.replace('<amount>5000000</amount>', ''))).toBe('411');
    expect(pay((b) => b.replace('<serviceId>1</serviceId>', '<serviceId>1</serviceId><serviceId>2</serviceId>'))).toBe(
      '411',
    );
    expect(pay((b) => b.replace('<serviceId>1</serviceId>', '<serviceId>1</serviceId><extra>1</extra>'))).toBe('411');
    expect(pay((b) => b.replace('123456789', '-1'))).toBe('411');
    expect(pay((b) => b.replace('client_id', 'phone_number'))).toBe('411');
    expect(pay((b) => b.replace('DRV-000123', 'DRV 1;DROP'))).toBe('302');
    expect(pay((b) => b.replace('2024-03-25T14:06:00.000+05:00', '25.03.2024 14:06'))).toBe('414');
    expect(pay((b) => b.replace('2024-03-25T14:06:00.000+05:00', '2024-02-30T14:06:00+05:00'))).toBe('414');
    expect(pay((b) => b, paynetWallet({ serviceId: '7' }))).toBe('502');
    expect(pay((b) => b.replace('client_id', 'phone_number'), paynetWallet({ accountParamKey: 'phone_number' }))).toBe(
      '0',
    );
  });

  it('reads dates without a zone in Tashkent time and decodes predefined entities only', () => {
    const parsed = call(
      soapRequest(S.pay.request.replace('.000+05:00', '').replace('DRV-000123', 'DRV&#45;000123')),
      () => payAccepted(),
    ).parsed;
    expect(parsed?.ok && parsed.command).toMatchObject({ account: 'DRV-000123', paidAt: at });
    expect(call(soapRequest(S.pay.request.replace('DRV-000123', 'DRV&foo;')), () => payAccepted()).parsed?.ok).toBe(
      false,
    );
  });
});

describe('calls whose operation cannot be told get a SOAP Fault, never a 5xx', () => {
  it.each([
    ['malformed XML', soapRequest('<soapenv:Envelope><soapenv:Body><x>')],
    ['not XML', soapRequest('command=pay&txn_id=1')],
    ['a DOCTYPE with entities', soapRequest(`<!DOCTYPE x [<!ENTITY e "x">]>${S.pay.request}`)],
    ['ChangePassword', soapRequest(S.check.request.replace(/GetInformationArguments/g, 'ChangePasswordArguments'))],
    ['an unknown element', soapRequest(S.check.request.replace(/GetInformationArguments/g, 'Launch'))],
    ['a SOAPAction naming another operation', soapRequest(S.pay.request, { soapaction: '"urn:CancelTransaction"' })],
    ['a GET without ?wsdl', soapRequest('', {}, 'GET')],
    ['invalid UTF-8', soapRequest(Buffer.from([0x3c, 0xff, 0xfe]))],
  ])('%s', (_label, req) => {
    const { parsed, answer } = call(req, () => payAccepted());
    expect(parsed?.ok).not.toBe(true);
    expect(answer.status).toBe(400);
    expect(result(answer.body)).toEqual({ faultcode: 'soapenv:Client', faultstring: 'Bad request' });
  });

  it('an oversized body or unknown link before parsing', () => {
    const tooLarge = adapter.render({ kind: 'refused', reason: 'too_large', message: 'x' }, undefined, soapRequest(''));
    expect([tooLarge.status, result(tooLarge.body).faultstring]).toEqual([413, 'Request too large']);
    const unknown = adapter.render(
      { kind: 'refused', reason: 'unknown_link', message: 'x' },
      undefined,
      soapRequest(S.pay.request),
    );
    expect([unknown.status, statusOf(unknown.body)]).toEqual([404, '601']);
  });

  it('an invalid wallet setting refuses at verify, never throws', () => {
    expect(adapter.verify(sim('check'), paynetWallet({ accountPattern: 'a)|(b' }))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    expect(adapter.verify(sim('check'), { ...wallet, currency: 'USD' })).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
  });
});

describe('WSDL', () => {
  it('is served for GET ?wsdl without credentials and is well-formed', () => {
    const { parsed, answer } = call(wsdlRequest(), () => ({ kind: 'ignored' }), paynetWallet({}, TEST_CREDENTIALS));
    expect(parsed).toMatchObject({ ok: true, command: { kind: 'ignore' }, context: { wsdl: true } });
    expect(answer.status).toBe(200);
    expect(XMLValidator.validate(answer.body)).toBe(true);
    expect(answer.body).toContain('targetNamespace="http://uws.provider.com/"');
  });

  it('declares exactly the fields the parser accepts, in the schema order', () => {
    const wsdl = new XMLParser({
      ignoreAttributes: false,
      removeNSPrefix: true,
      isArray: (name) => ['complexType', 'element'].includes(name),
    }).parse(PAYNET_WSDL);
    const types = wsdl.definitions.types.schema.complexType as any[];
    const names = (t: any) => (t.complexContent?.extension.sequence ?? t.sequence).element.map((e: any) => e['@_name']);
    const generic = names(types.find((t) => t['@_name'] === 'GenericArguments'));
    for (const op of OPERATIONS) {
      expect([...generic, ...names(types.find((t) => t['@_name'] === `${op}Arguments`))]).toEqual(
        Object.keys(SHAPES[op]),
      );
    }
  });
});
