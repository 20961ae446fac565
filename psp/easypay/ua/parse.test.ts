import { request, uaWallet } from '../fixtures/http';
import { UA_SAMPLES } from '../fixtures/samples';
import { resolveRules, type UaRules } from '../settings';
import { parseUa } from './parse';

const resolved = resolveRules(uaWallet({ useSign: false }, {}));
if (!resolved.ok || resolved.rules.product !== 'ua') throw new Error('the UA test wallet must resolve');
const rules: UaRules = resolved.rules;
const parse = (text: string) => parseUa(request(text.replace('SIGN', 'AB')), rules);
const { check, payment, confirm, cancel } = UA_SAMPLES;

describe('parseUa refusals: reason, the message ops read, and EasySoft code', () => {
  it.each([
    ['Check without Account', check.replace('<Account>987654321</Account>', ''), 'missing Account'],
    ['Check without ServiceId', check.replace('<ServiceId>1234</ServiceId>', ''), 'missing ServiceId'],
    ['Payment without OrderId', payment.replace('<OrderId>43232128933</OrderId>', ''), 'missing OrderId'],
    ['Payment without Amount', payment.replace('<Amount>10</Amount>', ''), 'missing Amount'],
    ['Payment with an empty Account', payment.replace('1256789032', ''), 'missing Account'],
    ['Confirm without ServiceId', confirm.replace('<ServiceId>1234</ServiceId>', ''), 'missing ServiceId'],
    ['Cancel without PaymentId', cancel.replace('<PaymentId>534320043</PaymentId>', ''), 'missing PaymentId'],
    ['a request without Sign', check.replace('<Sign>SIGN</Sign>', ''), 'missing DateTime or Sign'],
    [
      'a request without DateTime',
      check.replace('<DateTime>2017-10-01T11:11:11</DateTime>', ''),
      'missing DateTime or Sign',
    ],
    [
      'an OrderId with a space',
      payment.replace('43232128933', '4323 2128933'),
      'OrderId must be 1 to 64 letters, digits or _.:-',
    ],
    [
      'an OrderId of 65 characters',
      payment.replace('43232128933', 'a'.repeat(65)),
      'OrderId must be 1 to 64 letters, digits or _.:-',
    ],
    [
      'a Payment DateTime in another format',
      payment.replace('2017-10-16T15:12:32', '16.10.2017 15:12:32'),
      'DateTime must be YYYY-MM-DDThh:mm:ss',
    ],
    [
      'a Payment DateTime on 31 April',
      payment.replace('2017-10-16T15:12:32', '2017-04-31T15:12:32'),
      'DateTime must be YYYY-MM-DDThh:mm:ss',
    ],
  ])('%s → bad_request -57', (_label, text, message) => {
    expect(parse(text)).toStrictEqual({
      ok: false,
      reason: 'bad_request',
      message,
      context: { product: 'ua', statusCode: -57 },
    });
  });

  it('another ServiceId is forbidden with -58, for every operation', () => {
    for (const sample of [check, payment, confirm]) {
      expect(parse(sample.replace('<ServiceId>1234</ServiceId>', '<ServiceId>1235</ServiceId>'))).toStrictEqual({
        ok: false,
        reason: 'forbidden',
        message: 'request is not for our ServiceId',
        context: { product: 'ua', statusCode: -58 },
      });
    }
  });

  it('a PaymentId that is not ours is unknown_payment, with no EasySoft code of its own', () => {
    expect(parse(confirm.replace('534320043', '5343-20043'))).toStrictEqual({
      ok: false,
      reason: 'unknown_payment',
      message: 'PaymentId is not one of ours',
      context: { product: 'ua' },
    });
  });
});

describe('parseUa context: only what the answer needs, no keys set to undefined', () => {
  it('a Check carries the account it passed; a Payment, Confirm or Cancel carries nothing', () => {
    expect(parse(check).context).toStrictEqual({ product: 'ua', account: '987654321' });
    for (const sample of [payment, confirm, cancel]) expect(parse(sample).context).toStrictEqual({ product: 'ua' });
  });

  it('a refusal of the account rule carries no code, so the answer uses the refusal table', () => {
    expect(parse(check.replace('987654321', 'a b'))).toMatchObject({ ok: false, reason: 'bad_account' });
    expect(parse(check.replace('987654321', 'a b')).context).toStrictEqual({ product: 'ua' });
  });

  it('a Payment of the longest OrderId is a held PAY', () => {
    const orderId = `A-z_0.9:${'x'.repeat(56)}`;
    expect(parse(payment.replace('43232128933', orderId))).toMatchObject({
      ok: true,
      command: { kind: 'pay', pspTxnId: orderId, amountMinor: 1000n, hold: true },
    });
  });
});
