import { verifyPostbackJwt, type JwtRules } from './jwt';
import { MOBILNIK_SAMPLES, TEST_SELLER_SECRET } from './fixtures/samples';
import { DURING_SAMPLE, postbackToken } from './fixtures/tokens';

const { exp, iat } = MOBILNIK_SAMPLES.postback.claims;
const rules = (over: Partial<JwtRules> = {}): JwtRules => ({
  secret: TEST_SELLER_SECRET,
  now: DURING_SAMPLE,
  clockToleranceSeconds: 60,
  issuer: undefined,
  ...over,
});
const atSecond = (seconds: number) => new Date(seconds * 1000);

describe('verifyPostbackJwt refusals, as ops read them in the logs', () => {
  it.each([
    ['no seller secret', {}, { secret: '' }, 'forbidden', 'wallet has no sellerSecret credential'],
    ['another audience', { aud: 'mobilnik.ru' }, {}, 'unauthorized', 'JWT aud must be mobilnik.kg'],
    ['no exp', { exp: undefined }, {}, 'unauthorized', 'JWT exp is required'],
    ['past exp and tolerance', {}, { now: atSecond(exp + 61) }, 'unauthorized', 'JWT expired'],
    ['a future nbf', { nbf: iat + 3000 }, {}, 'unauthorized', 'JWT not yet valid'],
    [
      'an iat that is no number',
      { iat: 'yesterday' as unknown as number },
      {},
      'unauthorized',
      'JWT iat must be a number',
    ],
    ['another issuer', {}, { issuer: 'seller-2' }, 'unauthorized', 'JWT iss is not this seller'],
  ] as const)('%s', async (_name, claims, over, reason, message) => {
    const token = await postbackToken(claims);
    expect(verifyPostbackJwt(token, rules(over))).toStrictEqual({ ok: false, reason, message });
  });
});

describe('verifyPostbackJwt clock edges, tolerance included', () => {
  it('accepts the very second exp + tolerance and refuses the next', () => {
    const token = MOBILNIK_SAMPLES.postback.body;
    expect(verifyPostbackJwt(token, rules({ now: atSecond(exp + 60) })).ok).toBe(true);
    expect(verifyPostbackJwt(token, rules({ now: atSecond(exp + 60.001) })).ok).toBe(false);
  });

  it('accepts the very second nbf - tolerance and refuses the one before', async () => {
    const nbf = iat + 600;
    const token = await postbackToken({ nbf });
    expect(verifyPostbackJwt(token, rules({ now: atSecond(nbf - 60) })).ok).toBe(true);
    expect(verifyPostbackJwt(token, rules({ now: atSecond(nbf - 60.001) })).ok).toBe(false);
  });
});
