import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseDecimalAmount } from '../../domain/money';
import { qiwiQvpAdapter as adapter } from '../qiwi_qvp';
import {
  anyBytes,
  anyCheckOk,
  anyPairs,
  anyPrefix,
  anyRefusal,
  anySettings,
  anyText,
  decimal,
} from '../testing/properties';
import type { Outcome, PspRequest, Refusal } from '../types';
import { pspRequest, postForm, testWallet } from './fixtures/http';
import { QIWI_SAMPLES } from './fixtures/samples';
import type { OsmpContext } from './parse';
import { payAccepted } from '../fixtures';

const wallet = testWallet('qiwi_qvp', 'RUB');
const xml = new XMLParser({ htmlEntities: true, parseTagValue: false, ignoreAttributes: false, trimValues: false });
const REFUSALS: Refusal[] = [
  'unknown_link',
  'too_large',
  'bad_request',
  'bad_account',
  'not_found',
  'bad_amount',
  'amount_too_small',
  'amount_too_large',
  'forbidden',
  'unauthorized',
  'conflict',
  'temporary',
  'error',
];
const RESULT_CODES = ['0', '1', '4', '5', '7', '241', '242', '300'];
const PAY_FORM = QIWI_SAMPLES.pay.url.split('?')[1] ?? '';

const queryString = anyPairs(
  ['command', 'txn_id', 'txn_date', 'account', 'sum', 'prv_id', ''],
  ['check', 'pay', '1234567', '10.45', '-0', '20240325140600'],
  8,
);

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyText.map((text) => pspRequest(`/qiwi?${text}`)),
  queryString.map((query) => pspRequest(`/qiwi?${query}`)),
  fc.tuple(queryString, queryString).map(([query, body]) => postForm(`/qiwi?${query}`, body)),
  anyBytes(200).map((bytes) => postForm('/qiwi', bytes)),
  anyPrefix(PAY_FORM).map((body) => postForm('/qiwi', body)),
  anyPrefix(PAY_FORM).map((query) => pspRequest(`/qiwi?${query}`)),
  fc
    .record({ method: anyText, contentType: anyText, body: anyText })
    .map((parts) => pspRequest(`/qiwi?${PAY_FORM}`, parts)),
);

const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  anyCheckOk({ displayName: true }),
  fc
    .record({
      prvTxn: anyText,
      pspTxnId: anyText,
      amountMinor: fc.bigInt(),
      currency: fc.constantFrom('RUB', 'MDL', 'XXX', ''),
      repeat: fc.boolean(),
    })
    .map(({ repeat, ...payment }) => payAccepted(payment, repeat)),
  anyRefusal(REFUSALS),
);

const anyContext: fc.Arbitrary<OsmpContext | undefined> = fc.option(
  fc.record({ txnId: fc.option(anyText, { nil: undefined }), exposeDriverName: fc.boolean() }),
  { nil: undefined },
);

describe('parse and render never throw', () => {
  it('parse answers every request with a command or a refusal, and echoes only digits', () => {
    fc.assert(
      fc.property(anyRequest, (req) => {
        const parsed = adapter.parse(req, wallet);
        expect(parsed.ok || REFUSALS.includes(parsed.reason)).toBe(true);
        expect(parsed.context.txnId ?? '0').toMatch(/^\d{1,20}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse survives any wallet settings', () => {
    fc.assert(
      fc.property(anySettings(), anyRequest, (settings, req) => {
        adapter.verify(req, testWallet('qiwi_qvp', 'RUB', settings));
        adapter.parse(req, testWallet('qiwi_qvp', 'RUB', settings));
      }),
    );
  });

  it('render always gives well-formed XML with a known result code and status', () => {
    fc.assert(
      fc.property(anyOutcome, anyContext, anyRequest, (outcome, context, req) => {
        const answer = adapter.render(outcome, context, req);
        expect([200, 403, 404, 413]).toContain(answer.status);
        expect(XMLValidator.validate(answer.body)).toBe(true);
        expect(RESULT_CODES).toContain(xml.parse(answer.body).response.result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('round trips', () => {
  const txnId = fc.stringMatching(/^[1-9]\d{0,19}$/);
  const account = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
  const amountMinor = fc.bigInt({ min: 1n, max: 10_000_000n });
  const paidAt = fc
    .integer({ min: Date.UTC(2000, 0, 1, 3), max: Date.UTC(2099, 0, 1) })
    .map((ms) => new Date(ms - (ms % 1000)));

  it('a well-formed PAY parses back to what was sent, by GET and by POST', () => {
    fc.assert(
      fc.property(txnId, account, amountMinor, paidAt, (id, acc, minor, at) => {
        const query = new URLSearchParams({
          command: 'pay',
          txn_id: id,
          txn_date: osmpDate(at, 180),
          account: acc,
          sum: decimal(minor),
        }).toString();
        const expected = { kind: 'pay', pspTxnId: id, account: acc, amountMinor: minor, paidAt: at };
        expect(adapter.parse(pspRequest(`/qiwi?${query}`), wallet)).toMatchObject({ ok: true, command: expected });
        expect(adapter.parse(postForm('/qiwi', query), wallet)).toMatchObject({ ok: true, command: expected });
      }),
    );
  });

  it('an accepted PAY answer echoes the txn_id, our id and the exact sum', () => {
    fc.assert(
      fc.property(txnId, account, amountMinor, anyText, (id, acc, minor, prvTxn) => {
        const req = pspRequest(`/qiwi?command=pay&txn_id=${id}&account=${acc}&sum=${decimal(minor)}`);
        const parsed = adapter.parse(req, wallet);
        const outcome: Outcome = payAccepted({ prvTxn, pspTxnId: id, amountMinor: minor, currency: 'RUB' });
        const body = xml.parse(adapter.render(outcome, parsed.context, req).body).response;
        expect(body.osmp_txn_id).toBe(id);
        expect(parseDecimalAmount(body.sum, 'RUB')).toEqual({ ok: true, minor });
        expect(body.result).toBe('0');
        expect(body.prv_txn).toBe(stripNonXml(prvTxn));
      }),
    );
  });

  it('a refusal answer carries the parsed txn_id and the refusal code, nothing of the message', () => {
    fc.assert(
      fc.property(anyRequest, fc.constantFrom(...REFUSALS), (req, reason) => {
        const parsed = adapter.parse(req, wallet);
        const answer = adapter.render({ kind: 'refused', reason, message: '<leak/>' }, parsed.context, req);
        expect(answer.body).not.toContain('leak');
        expect(xml.parse(answer.body).response.osmp_txn_id).toBe(parsed.context.txnId);
      }),
    );
  });
});

function osmpDate(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

function stripNonXml(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}
