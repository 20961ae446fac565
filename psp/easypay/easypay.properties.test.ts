import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { paymentView } from '../fixtures';
import {
  anyBytes,
  anyCheckOk,
  anyCredentials,
  anyRefusal,
  anySettings,
  anyText,
  decimal,
  REFUSALS,
} from '../testing/properties';
import type { Outcome, PspRequest, WalletContext } from '../types';
import { createEasypayAdapter } from '.';
import { amWallet, request, signedAm, signedUa, uaWallet } from './fixtures/http';
import { AM_SAMPLES, UA_SAMPLES } from './fixtures/samples';

const adapter = createEasypayAdapter(() => new Date('2024-03-25T11:06:00Z'));
const ua = uaWallet();
const am = amWallet({ accountInputType: 1 });
const xml = new XMLParser({ processEntities: false, parseTagValue: false });
const SIGNED: PspRequest[] = [
  signedUa(UA_SAMPLES.check),
  signedUa(UA_SAMPLES.payment),
  signedUa(UA_SAMPLES.confirm),
  signedAm(AM_SAMPLES.inquiry.body, AM_SAMPLES.inquiry.nonce),
  signedAm(AM_SAMPLES.payment.body, AM_SAMPLES.payment.nonce),
];

const cut = (req: PspRequest, at: number): PspRequest => ({ ...req, rawBody: req.rawBody.subarray(0, at) });
const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  fc.tuple(fc.constantFrom(...SIGNED), fc.nat()).map(([req, n]) => cut(req, n % (req.rawBody.length + 1))),
  fc
    .tuple(fc.constantFrom(...SIGNED), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 3 }))
    .map(([req, n, bytes]) => ({
      ...req,
      rawBody: Buffer.concat([
        req.rawBody.subarray(0, n % req.rawBody.length),
        Buffer.from(bytes),
        req.rawBody.subarray((n % req.rawBody.length) + 1),
      ]),
    })),
  anyBytes(200).map((bytes) => request(bytes)),
  fc
    .record({ body: anyText, nonce: anyText, authorization: anyText, method: fc.constantFrom('GET', 'POST', 'PUT') })
    .map(({ body, method, ...headers }) => request(body, headers, method)),
  fc.json().map((body) => request(body, { nonce: AM_SAMPLES.payment.nonce })),
);
const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  anyCheckOk({ displayName: true }),
  fc
    .record({ prvTxn: anyText, amountMinor: fc.bigInt(), at: fc.date({ noInvalidDate: true }) })
    .map(({ at, ...p }): Outcome => ({
      kind: 'pay_accepted',
      payment: paymentView({ ...p, createdAt: at }),
      repeat: false,
    })),
  fc.date().map((at): Outcome => ({ kind: 'confirmed', payment: paymentView({ confirmedAt: at }), repeat: true })),
  fc.constant<Outcome>({ kind: 'pong' }),
  anyRefusal(),
);

describe('verify, parse and render never throw', () => {
  it.each([
    ['ua', ua],
    ['am', am],
  ] as Array<[string, WalletContext]>)(
    'for a %s wallet, a changed signed request never passes both checks',
    (_p, wallet) => {
      fc.assert(
        fc.property(anyRequest, (req) => {
          const verified = adapter.verify(req, wallet);
          const parsed = adapter.parse(req, wallet);
          expect(parsed.ok || REFUSALS.includes(parsed.reason)).toBe(true);
          // AM signs fields, not bytes: a change to whitespace may pass, but never a change to what is paid.
          if (verified.ok && parsed.ok && parsed.command.kind !== 'ping') {
            expect(
              SIGNED.map((s) => adapter.parse(s, wallet))
                .filter((p) => p.ok)
                .map((p) => p.command),
            ).toContainEqual(parsed.command);
          }
        }),
        { numRuns: 1500 },
      );
    },
  );

  it('survive any wallet settings and credentials', () => {
    const settings = anySettings(
      'product',
      'serviceId',
      'useSign',
      'timeZone',
      'accountPattern',
      'maxAmountMinor',
      'accountInputType',
      'x',
    );
    fc.assert(
      fc.property(settings, anyCredentials, anyRequest, (s, credentials, req) => {
        const wallet: WalletContext = {
          ...ua,
          currency: fc.sample(fc.constantFrom('UAH', 'AMD'), 1)[0] ?? 'UAH',
          settings: s,
          credentials,
        };
        adapter.verify(req, wallet);
        adapter.render({ kind: 'pong' }, adapter.parse(req, wallet).context, req, wallet);
      }),
      { numRuns: 500 },
    );
  });

  it('render gives UA a well-formed Response with an integer StatusCode, AM JSON with a documented status', () => {
    fc.assert(
      fc.property(anyOutcome, anyRequest, fc.constantFrom(ua, am, undefined), (outcome, req, wallet) => {
        const parsed = wallet && adapter.parse(req, wallet);
        const answer = adapter.render(outcome, parsed?.context, req, wallet);
        if (answer.headers['Content-Type']?.includes('xml')) {
          expect(XMLValidator.validate(answer.body)).toBe(true);
          expect(String((xml.parse(answer.body) as { Response: { StatusCode: string } }).Response.StatusCode)).toMatch(
            /^(0|-\d+)$/,
          );
        } else {
          expect([200, 400, 401, 404, 500]).toContain(answer.status);
          expect(() => JSON.parse(answer.body)).not.toThrow();
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('round trips', () => {
  const account = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
  const orderId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
  const amountMinor = fc.bigInt({ min: 1n, max: 10_000_000n });

  it('a signed UA Payment parses back to a held PAY of exactly what was sent', () => {
    fc.assert(
      fc.property(account, orderId, amountMinor, (acc, id, minor) => {
        const body = `<Request><DateTime>2024-03-25T14:06:00</DateTime><Sign>SIGN</Sign><Payment><ServiceId>1234</ServiceId><OrderId>${id}</OrderId><Account>${acc}</Account><Amount>${decimal(minor)}</Amount></Payment></Request>`;
        const req = signedUa(body);
        expect(adapter.verify(req, ua)).toEqual({ ok: true });
        expect(adapter.parse(req, ua)).toMatchObject({
          ok: true,
          command: { kind: 'pay', pspTxnId: id, account: acc, amountMinor: minor, hold: true },
        });
      }),
      { numRuns: 100 },
    );
  });

  it('a signed AM payment parses back to a PAY of exactly what was sent', () => {
    fc.assert(
      fc.property(account, orderId, amountMinor, fc.uuid(), (acc, id, minor, nonce) => {
        const body = `{"OrderId":${JSON.stringify(id)},"Amount":${decimal(minor)},"MerchantServiceIdentifierId":1,"Inputs":[{"Type":1,"Value":${JSON.stringify(acc)},"TechnicalIndex":1}]}`;
        const req = signedAm(body, nonce);
        expect(adapter.verify(req, am)).toEqual({ ok: true });
        expect(adapter.parse(req, am)).toMatchObject({
          ok: true,
          command: { kind: 'pay', pspTxnId: id, account: acc, amountMinor: minor },
        });
      }),
    );
  });
});
