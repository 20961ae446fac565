import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { paymentView } from '../fixtures';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import {
  anyCheckOk,
  anyPairs,
  anyPayAccepted,
  anyPrefix,
  anyRefusal,
  anyText,
  assertEveryRequestAnswered,
  decimal,
  withAnySettings,
} from '../testing/properties';
import type { Outcome, PspRequest } from '../types';
import { TELLCELL_SAMPLES } from './fixtures/samples';
import { tellcellAdapter as adapter } from './index';
import { signJwt } from './simulator';

const wallet = { ...testWallet('tellcell', 'AMD'), credentials: { jwtSecret: 's' } };
const xml = new XMLParser({ processEntities: false, parseTagValue: false });
const PAY_QUERY = TELLCELL_SAMPLES.payment.url.split('?')[1] ?? '';

const queryString = anyPairs(
  ['action', 'account', 'amount', 'id', 'date', ''],
  ['check', 'payment', 'status', 'rate', '55001', '10.00', '-0', 'DRV1'],
  8,
);
const anyAuth = fc.oneof(
  anyText,
  anyText.map((t) => `JWT ${t}`),
  fc.constant(`JWT ${signJwt('s', new Date())}`),
);

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyText.map((text) => pspRequest(`/t?${text}`)),
  queryString.map((query) => pspRequest(`/t?${query}`)),
  anyPrefix(PAY_QUERY).map((query) => pspRequest(`/t?${query}`)),
  fc
    .tuple(queryString, anyAuth)
    .map(([query, authorization]) => ({ ...pspRequest(`/t?${query}`), headers: { authorization } })),
);

const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  anyCheckOk({ displayName: true }),
  anyPayAccepted,
  fc
    .record({
      prvTxn: anyText,
      state: fc.constantFrom('accepted' as const, 'processed' as const, 'rejected' as const),
      createdAt: fc.date(),
    })
    .map((p) => ({ kind: 'status' as const, payment: paymentView(p) })),
  anyRefusal(),
  fc.constant({ kind: 'ignored' as const }),
);

describe('verify, parse and render never throw', () => {
  it('verify and parse answer every request, under any wallet settings', () => {
    assertEveryRequestAnswered(adapter, anyRequest, withAnySettings(wallet), 1000);
  });

  it('render always gives well-formed XML with an integer code', () => {
    fc.assert(
      fc.property(anyOutcome, anyRequest, fc.boolean(), (outcome, req, parsedFirst) => {
        const context = parsedFirst
          ? adapter.parse(req, { ...wallet, settings: { exposeDriverName: true } }).context
          : undefined;
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
        const query = new URLSearchParams({ action: 'payment', account, amount: decimal(amount), id: txnId });
        expect(adapter.parse(pspRequest(`/t?${query}`), wallet)).toMatchObject({
          ok: true,
          command: { kind: 'pay', pspTxnId: txnId, account, amountMinor: amount },
        });
      }),
    );
  });
});
