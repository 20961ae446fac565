import { verify } from 'node:crypto';
import { paymentView } from '../fixtures';
import type { Outcome, PspRequest, WalletContext } from '../types';
import { createEasypayAdapter } from '.';
import { request, signedUa, TEST_KEYS, uaCredentials, uaWallet } from './fixtures/http';
import { UA_SAMPLES } from './fixtures/samples';

const adapter = createEasypayAdapter(() => new Date('2017-10-01T08:11:12Z'));
const unsigned = uaWallet({ useSign: false }, {});
const signed = uaWallet();

function call(
  req: PspRequest,
  outcome: (parsed: ReturnType<typeof adapter.parse>) => Outcome,
  wallet: WalletContext = signed,
) {
  const verified = adapter.verify(req, wallet);
  const parsed = adapter.parse(req, wallet);
  return { verified, parsed, answer: adapter.render(outcome(parsed), parsed.context, req, wallet) };
}
const code = (body: string) => /<StatusCode>(-?\d+)<\/StatusCode>/.exec(body)?.[1];
const refused = (reason: Extract<Outcome, { kind: 'refused' }>['reason']): Outcome => ({
  kind: 'refused',
  reason,
  message: 'detail',
});
const payment = paymentView({
  prvTxn: '534320043',
  pspTxnId: '43232128933',
  account: '1256789032',
  amountMinor: 1000n,
  currency: 'UAH',
  createdAt: new Date('2017-10-16T12:12:33Z'),
});

describe('canonical samples (README: Samples, EasyPay.ua)', () => {
  it('Check verifies, parses and answers byte for byte', () => {
    const { verified, parsed, answer } = call(
      signedUa(UA_SAMPLES.check),
      () => ({ kind: 'check_ok', driverId: 'd', displayName: 'Ivan' }),
      unsigned,
    );
    expect(verified).toEqual({ ok: true });
    expect(parsed).toMatchObject({ ok: true, command: { kind: 'check', account: '987654321' } });
    expect(answer).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: UA_SAMPLES.checkAnswer,
    });
  });

  it('Payment is a held PAY in exact kopecks, answered with our PaymentId; the repeat is the same answer', () => {
    const req = signedUa(UA_SAMPLES.payment);
    expect(adapter.verify(req, signed)).toEqual({ ok: true });
    const parsed = adapter.parse(req, signed);
    expect(parsed).toMatchObject({
      ok: true,
      command: {
        kind: 'pay',
        pspTxnId: '43232128933',
        account: '1256789032',
        amountMinor: 1000n,
        hold: true,
        paidAt: new Date('2017-10-16T12:12:32Z'),
      },
    });
    const first = adapter.render({ kind: 'pay_accepted', payment, repeat: false }, parsed.context, req, unsigned);
    expect(first.body).toBe(UA_SAMPLES.paymentAnswer);
    const again = adapter.render({ kind: 'pay_accepted', payment, repeat: true }, parsed.context, req, signed);
    expect(adapter.render({ kind: 'pay_accepted', payment, repeat: true }, parsed.context, req, signed)).toEqual(again);
  });

  it('Confirm and Cancel name our PaymentId; Confirm answers the OrderDate', () => {
    expect(adapter.parse(signedUa(UA_SAMPLES.confirm), signed)).toMatchObject({
      ok: true,
      command: { kind: 'confirm', ref: { prvTxn: '534320043' } },
    });
    expect(adapter.parse(signedUa(UA_SAMPLES.cancel), signed)).toMatchObject({
      ok: true,
      command: { kind: 'cancel', ref: { prvTxn: '534320043' } },
    });
    const confirmed = { ...payment, confirmedAt: new Date('2017-10-16T12:14:15Z') };
    const { answer } = call(
      signedUa(UA_SAMPLES.confirm),
      () => ({ kind: 'confirmed', payment: confirmed, repeat: false }),
      unsigned,
    );
    expect(answer.body).toBe(UA_SAMPLES.confirmAnswer);
    const cancelled = { ...payment, cancelledAt: new Date('2017-10-16T12:14:45Z') };
    expect(
      call(signedUa(UA_SAMPLES.cancel), () => ({ kind: 'cancelled', payment: cancelled, repeat: false })).answer.body,
    ).toContain('<CancelDate>2017-10-16T15:14:45</CancelDate>');
  });

  it('an unknown account answers a negative code', () => {
    expect(call(signedUa(UA_SAMPLES.check), () => refused('not_found'), unsigned).answer.body).toBe(
      UA_SAMPLES.notFoundAnswer,
    );
  });
});

describe('signatures', () => {
  it('our answer is signed over itself without the Sign element, uppercase hex', () => {
    const { answer } = call(signedUa(UA_SAMPLES.check), () => ({ kind: 'check_ok', driverId: 'd' }));
    const sign = /<Sign>([0-9A-F]+)<\/Sign><\/Response>$/.exec(answer.body)?.[1] ?? '';
    const without = answer.body.replace(`<Sign>${sign}</Sign>`, '');
    expect(verify('sha1', Buffer.from(without), TEST_KEYS.provider.publicKey, Buffer.from(sign, 'hex'))).toBe(true);
  });

  it('refuses a request signed with another key, or altered after signing', () => {
    expect(adapter.verify(signedUa(UA_SAMPLES.payment, TEST_KEYS.provider.privateKey), signed)).toMatchObject({
      ok: false,
      reason: 'unauthorized',
    });
    const req = signedUa(UA_SAMPLES.payment);
    const altered = request(req.rawBody.toString().replace('<Amount>10</Amount>', '<Amount>1000</Amount>'));
    expect(adapter.verify(altered, signed)).toMatchObject({ ok: false, reason: 'unauthorized' });
    const answer = adapter.render(refused('unauthorized'), undefined, altered, signed);
    expect(code(answer.body)).toBe('-95');
  });

  it('a request without Sign, or with an empty one, is refused either way', () => {
    const noSign = request(UA_SAMPLES.check.replace('<Sign>SIGN</Sign>', ''));
    expect(adapter.parse(noSign, signed)).toMatchObject({
      ok: false,
      reason: 'bad_request',
      context: { statusCode: -57 },
    });
    expect(adapter.verify(request(UA_SAMPLES.check.replace('SIGN', '')), signed)).toMatchObject({
      ok: false,
      reason: 'unauthorized',
    });
  });

  it('a wallet without keys, or with a wrong product, is refused before anything is read', () => {
    expect(adapter.verify(signedUa(UA_SAMPLES.check), uaWallet({}, {}))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    expect(adapter.verify(signedUa(UA_SAMPLES.check), uaWallet({ product: undefined }))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    expect(adapter.verify(signedUa(UA_SAMPLES.check), { ...uaWallet(), currency: 'RUB' })).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    expect(adapter.verify(signedUa(UA_SAMPLES.check), uaWallet({ serviceId: 'abc' }, uaCredentials()))).toMatchObject({
      ok: false,
    });
  });
});

describe('refusals', () => {
  it.each([
    ['an empty body', -51, ''],
    ['unclosed XML', -52, '<Request>'],
    ['another root', -52, '<Other/>'],
    ['no operation', -55, '<Request><DateTime>2017-10-01T11:11:11</DateTime><Sign>AB</Sign></Request>'],
    ['two operations', -53, '<Request><DateTime>x</DateTime><Sign>AB</Sign><Check/><Cancel/></Request>'],
    [
      'a repeated element',
      -56,
      '<Request><DateTime>x</DateTime><Sign>AB</Sign><Check><ServiceId>1</ServiceId><ServiceId>2</ServiceId></Check></Request>',
    ],
    ['no Account', -57, UA_SAMPLES.check.replace('<Account>987654321</Account>', '')],
    ['another ServiceId', -58, UA_SAMPLES.check.replace('<ServiceId>1234</ServiceId>', '<ServiceId>999</ServiceId>')],
    ['a comma amount', -42, UA_SAMPLES.payment.replace('<Amount>10</Amount>', '<Amount>10,50</Amount>')],
    ['a zero amount', -43, UA_SAMPLES.payment.replace('<Amount>10</Amount>', '<Amount>0</Amount>')],
    ['an amount over the maximum', -44, UA_SAMPLES.payment.replace('<Amount>10</Amount>', '<Amount>9999999</Amount>')],
    ['a malformed account', -41, UA_SAMPLES.check.replace('987654321', 'a b')],
    ['a PaymentId not ours', -47, UA_SAMPLES.confirm.replace('534320043', 'x1')],
    ['a DateTime in another format', -57, UA_SAMPLES.payment.replace('2017-10-16T15:12:32', '16.10.2017')],
  ])('%s → StatusCode %i, HTTP 200', (_label, expected, body) => {
    const req = body.includes('SIGN') ? signedUa(body) : request(body);
    const parsed = adapter.parse(req, signed);
    expect(parsed.ok).toBe(false);
    const answer = adapter.render(parsed.ok ? refused('error') : refused(parsed.reason), parsed.context, req, signed);
    expect(answer.status).toBe(200);
    expect(code(answer.body)).toBe(String(expected));
  });

  it('an oversized body and an unknown link get the envelope with 413 and 404, unsigned', () => {
    const req = request('', { 'content-type': 'text/xml' });
    expect(adapter.render(refused('too_large'), undefined, req)).toMatchObject({ status: 413 });
    const unknown = adapter.render(refused('unknown_link'), undefined, req);
    expect(unknown.status).toBe(404);
    expect(unknown.body).not.toContain('<Sign>');
  });
});
