import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { payAccepted } from '../fixtures';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import type { Outcome, PspRequest, Refusal } from '../types';
import { TBC_SAMPLES } from './fixtures/samples';
import { tbcAdapter as adapter } from './index';

const wallet = { ...testWallet('tbc', 'GEL'), credentials: { username: 'u', password: 'p' } };
const xml = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: false });
const REFUSALS: Refusal[] = [
  'unknown_link', 'too_large', 'bad_request', 'bad_account', 'not_found', 'bad_amount', 'amount_too_small', 'amount_too_large',
  'forbidden', 'unauthorized', 'conflict', 'unknown_payment', 'not_cancellable', 'not_confirmable', 'temporary', 'error',
];
const RESULT_CODES = ['0', '1', '4', '5', '7', '215', '275', '300'];
const PAY_QUERY = TBC_SAMPLES.pay.url.split('?')[1] ?? '';

const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const paramName = fc.constantFrom('command', 'account', 'txn_id', 'sum', 'caseId', '');
const paramValue = fc.oneof(anyText, fc.constantFrom('check', 'pay', '8812345', '20.00', '-0', 'DRV000123'));
const queryString = fc.array(fc.tuple(paramName, paramValue), { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs).toString());

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyText.map((text) => pspRequest(`/t?${text}`)),
  queryString.map((query) => pspRequest(`/t?${query}`)),
  fc.nat(PAY_QUERY.length).map((cut) => pspRequest(`/t?${PAY_QUERY.slice(0, cut)}`)),
  fc.tuple(queryString, anyText).map(([query, authorization]) => ({ ...pspRequest(`/t?${query}`), headers: { authorization } })),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => ({ ...pspRequest('/t'), headers: { authorization: `Basic ${Buffer.from(bytes).toString('base64')}` } })),
);

const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.record({ kind: fc.constant('check_ok' as const), driverId: anyText, displayName: fc.option(anyText, { nil: undefined }) }),
  fc.record({ prvTxn: anyText, amountMinor: fc.bigInt(), repeat: fc.boolean() }).map(({ repeat, ...p }) => payAccepted(p, repeat)),
  fc.record({ kind: fc.constant('refused' as const), reason: fc.constantFrom(...REFUSALS), message: anyText }),
  fc.constant({ kind: 'pong' as const }),
);

describe('verify, parse and render never throw', () => {
  it('verify and parse answer every request, under any wallet settings', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), anyRequest, (settings, req) => {
        const w = { ...wallet, settings };
        const verified = adapter.verify(req, w);
        expect(verified.ok || ['forbidden', 'unauthorized'].includes(verified.reason)).toBe(true);
        const parsed = adapter.parse(req, w);
        expect(parsed.ok || REFUSALS.includes(parsed.reason)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('render always gives well-formed XML with a known result code, whatever the context', () => {
    fc.assert(
      fc.property(anyOutcome, anyRequest, fc.boolean(), (outcome, req, parsedFirst) => {
        const context = parsedFirst ? adapter.parse(req, { ...wallet, settings: { exposeDriverName: true } }).context : undefined;
        const answer = adapter.render(outcome, context, req);
        expect([200, 401, 403, 404, 413]).toContain(answer.status);
        expect(XMLValidator.validate(answer.body)).toBe(true);
        expect(RESULT_CODES).toContain(xml.parse(answer.body).response.result);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('round trip', () => {
  it('a well-formed PAY parses back to what was sent, exactly', () => {
    const txnId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const account = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const minor = fc.bigInt({ min: 1n, max: 10_000_000n });
    fc.assert(
      fc.property(txnId, account, minor, (id, acc, amount) => {
        const sum = `${amount / 100n}.${String(amount % 100n).padStart(2, '0')}`;
        const query = new URLSearchParams({ command: 'pay', account: acc, txn_id: id, sum });
        expect(adapter.parse(pspRequest(`/t?${query}`), wallet)).toMatchObject({
          ok: true,
          command: { kind: 'pay', pspTxnId: id, account: acc, amountMinor: amount },
        });
      }),
    );
  });
});
