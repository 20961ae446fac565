import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { paymentView, payAccepted } from '../fixtures';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import type { Outcome, PspRequest, Refusal } from '../types';
import { TELLCELL_SAMPLES } from './fixtures/samples';
import { tellcellAdapter as adapter } from './index';
import { signJwt } from './simulator';

const wallet = { ...testWallet('tellcell', 'AMD'), credentials: { jwtSecret: 's' } };
const xml = new XMLParser({ processEntities: false, parseTagValue: false });
const REFUSALS: Refusal[] = [
  'unknown_link', 'too_large', 'bad_request', 'bad_account', 'not_found', 'bad_amount', 'amount_too_small', 'amount_too_large',
  'forbidden', 'unauthorized', 'conflict', 'unknown_payment', 'not_cancellable', 'not_confirmable', 'temporary', 'error',
];
const PAY_QUERY = TELLCELL_SAMPLES.payment.url.split('?')[1] ?? '';

const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const paramName = fc.constantFrom('action', 'account', 'amount', 'id', 'date', '');
const paramValue = fc.oneof(anyText, fc.constantFrom('check', 'payment', 'status', 'rate', '55001', '10.00', '-0', 'DRV1'));
const queryString = fc.array(fc.tuple(paramName, paramValue), { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs).toString());
const anyAuth = fc.oneof(anyText, anyText.map((t) => `JWT ${t}`), fc.constant(`JWT ${signJwt('s', new Date())}`));

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyText.map((text) => pspRequest(`/t?${text}`)),
  queryString.map((query) => pspRequest(`/t?${query}`)),
  fc.nat(PAY_QUERY.length).map((cut) => pspRequest(`/t?${PAY_QUERY.slice(0, cut)}`)),
  fc.tuple(queryString, anyAuth).map(([query, authorization]) => ({ ...pspRequest(`/t?${query}`), headers: { authorization } })),
);

const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.record({ kind: fc.constant('check_ok' as const), driverId: anyText, displayName: fc.option(anyText, { nil: undefined }) }),
  fc.record({ prvTxn: anyText, amountMinor: fc.bigInt(), repeat: fc.boolean() }).map(({ repeat, ...p }) => payAccepted(p, repeat)),
  fc
    .record({ prvTxn: anyText, state: fc.constantFrom('accepted' as const, 'processed' as const, 'rejected' as const), createdAt: fc.date() })
    .map((p) => ({ kind: 'status' as const, payment: paymentView(p) })),
  fc.record({ kind: fc.constant('refused' as const), reason: fc.constantFrom(...REFUSALS), message: anyText }),
  fc.constant({ kind: 'ignored' as const }),
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

  it('render always gives well-formed XML with an integer code', () => {
    fc.assert(
      fc.property(anyOutcome, anyRequest, fc.boolean(), (outcome, req, parsedFirst) => {
        const context = parsedFirst ? adapter.parse(req, { ...wallet, settings: { exposeDriverName: true } }).context : undefined;
        const answer = adapter.render(outcome, context, req);
        expect([200, 404, 413]).toContain(answer.status);
        expect(XMLValidator.validate(answer.body)).toBe(true);
        expect(String(xml.parse(answer.body).response.code)).toMatch(/^\d+$/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('round trip', () => {
  it('a well-formed payment parses back to what was sent, exactly', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const minor = fc.bigInt({ min: 1n, max: 10_000_000n });
    fc.assert(
      fc.property(id, id, minor, (txnId, account, amount) => {
        const sum = `${amount / 100n}.${String(amount % 100n).padStart(2, '0')}`;
        const query = new URLSearchParams({ action: 'payment', account, amount: sum, id: txnId });
        expect(adapter.parse(pspRequest(`/t?${query}`), wallet)).toMatchObject({
          ok: true,
          command: { kind: 'pay', pspTxnId: txnId, account, amountMinor: amount },
        });
      }),
    );
  });
});
