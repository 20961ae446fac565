import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { payAccepted, paymentView } from '../fixtures';
import {
  anyBytes,
  anyCheckOk,
  anyRefusal,
  anySettings,
  anyText,
  expectAnswered,
  REFUSALS,
} from '../testing/properties';
import type { Outcome, PspRequest } from '../types';
import { createPaynetAdapter } from './adapter';
import type { PaynetContext } from './parse';
import { paynetWallet, soapRequest, TEST_CREDENTIALS } from './fixtures/http';
import { PAYNET_SAMPLES } from './fixtures/samples';
import { OPERATIONS } from './messages';
import { paynetSimulator } from './simulator';

const adapter = createPaynetAdapter(() => new Date('2024-03-25T09:05:09Z'));
const wallet = paynetWallet();
const xml = new XMLParser({ processEntities: false, parseTagValue: false, removeNSPrefix: true });
const STATUSES = ['0', '77', '102', '201', '202', '302', '305', '411', '413', '414', '502', '601'];

const samples = [PAYNET_SAMPLES.check.request, PAYNET_SAMPLES.pay.request];
const built = fc
  .constantFrom('check', 'pay', 'status', 'cancel', 'statement')
  .chain((op) =>
    fc
      .record({ txn: fc.oneof(fc.stringMatching(/^\d{1,20}$/), anyText), account: anyText, amount: anyText })
      .map(
        ({ txn, account, amount }) =>
          paynetSimulator.build(op, { account, amount, txnId: txn, extra: { amountTiyin: amount } }, TEST_CREDENTIALS)
            .body ?? '',
      ),
  );
const anyBody = fc.oneof(
  anyText,
  built,
  anyBytes(300),
  fc
    .tuple(fc.constantFrom(...samples), fc.nat(2000))
    .map(([sample, cut]) => sample.slice(0, cut % (sample.length + 1))),
  fc
    .tuple(fc.constantFrom(...samples), anyText, fc.nat(2000))
    .map(([s, junk, at]) => s.slice(0, at % s.length) + junk + s.slice(at % s.length)),
);
const anyRequest: fc.Arbitrary<PspRequest> = fc
  .record({
    body: anyBody,
    method: fc.constantFrom('POST', 'GET', 'PUT'),
    query: fc.constantFrom('', '?wsdl', '?x=1'),
    action: fc.option(anyText, { nil: undefined }),
  })
  .map(({ body, method, query, action }) =>
    soapRequest(body, action === undefined ? {} : { soapaction: action }, method, `/psp/uzpaynet/***${query}`),
  );

const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  anyCheckOk({ displayName: true }),
  fc
    .record({ prvTxn: anyText, pspTxnId: anyText, amountMinor: fc.bigInt(), repeat: fc.boolean() })
    .map(({ repeat, ...p }) => payAccepted(p, repeat)),
  fc
    .record({ cancelledAt: fc.option(fc.date(), { nil: null }), createdAt: fc.date() })
    .map((p): Outcome => ({ kind: 'status', payment: paymentView(p) })),
  fc
    .record({ repeat: fc.boolean(), pspPaidAt: fc.option(fc.date(), { nil: null }) })
    .map(({ repeat, pspPaidAt }): Outcome => ({ kind: 'cancelled', payment: paymentView({ pspPaidAt }), repeat })),
  fc
    .array(fc.record({ prvTxn: anyText, state: fc.constantFrom('accepted' as const, 'processed' as const) }), {
      maxLength: 3,
    })
    .map((ps): Outcome => ({
      kind: 'statement',
      payments: ps.map((p) => paymentView(p)),
      from: new Date(0),
      to: new Date(1),
    })),
  fc.constantFrom<Outcome>({ kind: 'ignored' }, { kind: 'pong' }),
  anyRefusal(),
);
const anyContext: fc.Arbitrary<PaynetContext | undefined> = fc.option(
  fc.record({
    operation: fc.option(fc.constantFrom(...OPERATIONS), { nil: undefined }),
    utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
    exposeDriverName: fc.boolean(),
    onlyTransactionId: fc.boolean(),
  }),
  { nil: undefined },
);

describe('verify, parse and render never throw', () => {
  it('verify and parse answer every request, under any settings', () => {
    fc.assert(
      fc.property(anyRequest, anySettings(), (req, settings) => {
        for (const w of [wallet, paynetWallet(settings)]) expectAnswered(adapter, req, w);
      }),
      { numRuns: 1500 },
    );
  });

  it('render always gives a well-formed SOAP envelope: a known status at 200/404, or a 4xx/503 Fault', () => {
    fc.assert(
      fc.property(anyOutcome, anyContext, anyRequest, (outcome, context, req) => {
        const answer = adapter.render(outcome, context, req, wallet);
        expect(XMLValidator.validate(answer.body)).toBe(true);
        if (answer.body.includes('<wsdl:definitions')) return;
        const [name, result] = Object.entries(xml.parse(answer.body).Envelope.Body)[0] as [
          string,
          Record<string, string>,
        ];
        if (name === 'Fault') expect([400, 403, 404, 413, 503]).toContain(answer.status);
        else {
          expect([200, 404]).toContain(answer.status);
          expect(STATUSES).toContain(String(result.status));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a refusal never echoes its internal message', () => {
    fc.assert(
      fc.property(anyRequest, fc.constantFrom(...REFUSALS), (req, reason) => {
        const parsed = adapter.parse(req, wallet);
        expect(
          adapter.render({ kind: 'refused', reason, message: '<leak/>' }, parsed.context, req, wallet).body,
        ).not.toContain('leak');
      }),
    );
  });
});

describe('round trips', () => {
  it('a well-formed PerformTransaction parses back to what was sent', () => {
    const at = fc.integer({ min: Date.UTC(2000, 0, 2), max: Date.UTC(2099, 0, 1) }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 18n }),
        fc.bigInt({ min: 100n, max: 5_000_000_000n }),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        at,
        (txn, tiyin, account, date) => {
          const body = paynetSimulator.build(
            'pay',
            { account, amount: '0', txnId: txn.toString(), date, extra: { amountTiyin: tiyin.toString() } },
            TEST_CREDENTIALS,
          ).body!;
          const req = soapRequest(body);
          expect(adapter.verify(req, wallet)).toEqual({ ok: true });
          expect(adapter.parse(req, wallet)).toMatchObject({
            ok: true,
            command: { kind: 'pay', pspTxnId: txn.toString(), account, amountMinor: tiyin, paidAt: date },
          });
        },
      ),
    );
  });
});
