import fc from 'fast-check';
import { jwtVerify } from 'jose';
import { formatMinor } from '../../domain/money';
import { payAccepted } from '../fixtures';
import { pspRequest } from '../osmp/fixtures/http';
import {
  anyBytes,
  anyCheckOk,
  anyCredentials,
  anyPrefix,
  anyRefusal,
  anySettings,
  anyText,
  assertEveryRequestAnswered,
} from '../testing/properties';
import type { Outcome, PspRequest, WalletContext } from '../types';
import { createMobilnikAdapter } from './adapter';
import { verifyPostbackJwt } from './jwt';
import { MOBILNIK_SAMPLES, TEST_SELLER_SECRET } from './fixtures/samples';
import { DURING_SAMPLE, orderRequest, postbackToken } from './fixtures/tokens';

const adapter = createMobilnikAdapter(() => DURING_SAMPLE);
const wallet: WalletContext = {
  id: 'w',
  parkId: 'p',
  psp: 'mobilnik',
  currency: 'KGS',
  settings: { channel: 'web' },
  credentials: { sellerSecret: TEST_SELLER_SECRET },
};
const SAMPLE = MOBILNIK_SAMPLES.postback.body;
const post = (body: string | Buffer) => pspRequest('/m', { method: 'POST', body, contentType: 'text/plain' });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
const [SAMPLE_HEADER, , SAMPLE_SIGNATURE] = SAMPLE.split('.');

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyText.map(post),
  anyBytes(300).map(post),
  anyPrefix(SAMPLE).map(post),
  fc
    .tuple(fc.nat(SAMPLE.length - 1), fc.constantFrom(...'AZaz09-_.'))
    .map(([at, char]) => post(`${SAMPLE.slice(0, at)}${char}${SAMPLE.slice(at + 1)}`)),
  fc
    .tuple(fc.jsonValue(), fc.jsonValue())
    .map(([header, claims]) => post(`${b64(header)}.${b64(claims)}.${SAMPLE_SIGNATURE}`)),
  fc.jsonValue().map((claims) => post(`${SAMPLE_HEADER}.${b64(claims)}.${SAMPLE_SIGNATURE}`)),
  fc.record({ method: anyText, contentType: anyText, body: anyText }).map((parts) => pspRequest('/m', parts)),
);

const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  anyCheckOk(),
  fc
    .record({ pspTxnId: fc.stringMatching(/^[\w.:-]{1,64}$/), repeat: fc.boolean() })
    .map(({ repeat, ...p }) => payAccepted(p, repeat)),
  anyRefusal(),
);

describe('verify, parse and render never throw', () => {
  it('every request gets a verdict and a command or a known refusal', () => {
    assertEveryRequestAnswered(adapter, anyRequest, fc.constant(wallet), 2000);
  });

  it('any wallet settings and credentials, on either channel', () => {
    const settings = anySettings(
      'channel',
      'sellerDataAccountKey',
      'sellerId',
      'clockToleranceSeconds',
      'totalSumUnit',
      'acceptTestPayments',
      'minAmountMinor',
      'paramNames',
    );
    fc.assert(
      fc.property(settings, anyCredentials, anyRequest, (settings, credentials, req) => {
        const w = { ...wallet, settings, credentials };
        adapter.verify(req, w);
        adapter.parse(req, w);
        adapter.render({ kind: 'refused', reason: 'error', message: '' }, undefined, req, w);
      }),
    );
  });

  it('render: the order id alone for an accepted payment, a refusal sentence otherwise', () => {
    fc.assert(
      fc.property(anyOutcome, anyRequest, (outcome, req) => {
        const answer = adapter.render(outcome, { channel: 'web' }, req);
        if (outcome.kind === 'pay_accepted')
          expect(answer).toMatchObject({ status: 200, body: outcome.payment.pspTxnId });
        else expect(answer.body).toMatch(/^refused: /);
      }),
    );
  });
});

describe('agreement with jose', () => {
  const at = Math.floor(DURING_SAMPLE.getTime() / 1000);
  const claim = <T>(...values: T[]) => fc.constantFrom<T | undefined>(undefined, ...values);
  const claims = fc.record({
    aud: claim<unknown>('mobilnik.kg', 'mobilnik.ru', ['x', 'mobilnik.kg'], ['x']),
    exp: claim<unknown>(at - 3600, at - 30, at + 30, at + 3600, 'soon'),
    nbf: claim<unknown>(at - 30, at + 30, at + 3600, 'now'),
    iat: claim<unknown>(at, 'today'),
  });

  it('a token is accepted by our verify exactly when jose accepts it (HS256, aud, exp required)', async () => {
    const key = new TextEncoder().encode(TEST_SELLER_SECRET);
    await fc.assert(
      fc.asyncProperty(claims, fc.boolean(), async (over, rightKey) => {
        const token = await postbackToken(
          over as Parameters<typeof postbackToken>[0],
          rightKey ? TEST_SELLER_SECRET : 'another-secret',
        );
        const ours = verifyPostbackJwt(token, {
          secret: TEST_SELLER_SECRET,
          now: DURING_SAMPLE,
          clockToleranceSeconds: 60,
          issuer: undefined,
        }).ok;
        const options = {
          algorithms: ['HS256'],
          audience: 'mobilnik.kg',
          currentDate: DURING_SAMPLE,
          clockTolerance: 60,
          requiredClaims: ['exp'],
        };
        const theirs = await jwtVerify(token, key, options).then(
          () => true,
          () => false,
        );
        expect(ours).toBe(theirs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('round trip', () => {
  it('a signed postback parses to exactly the driver, amount and order sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.stringMatching(/^[\w.:-]{1,64}$/),
        async (driverId, minor, orderId) => {
          const totalSum = Number(formatMinor(minor, 'KGS'));
          const token = await postbackToken({
            request: orderRequest({ totalSum, sellerData: { driverId } }),
            response: { orderId },
          });
          expect(adapter.parse(post(token), wallet)).toEqual({
            ok: true,
            command: { kind: 'pay', pspTxnId: orderId, account: driverId, amountMinor: minor },
            context: { channel: 'web' },
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
