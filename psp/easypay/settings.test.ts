import { amWallet, request, uaWallet } from './fixtures/http';
import { productOf, resolveRules, resolveSettingsRules } from './settings';

describe('resolveRules: what ops read when a wallet cannot take calls', () => {
  it.each([
    ['an am wallet without an HMAC key', amWallet({}, ''), 'wallet settings invalid: credentials.hmacKey is missing'],
    [
      'a signing ua wallet without PEM keys',
      uaWallet({}, {}),
      'wallet settings invalid: credentials.easypayPublicKey and providerPrivateKey must be PEM keys',
    ],
  ])('%s', (_label, wallet, message) => {
    expect(resolveRules(wallet)).toStrictEqual({ ok: false, message });
  });

  it.each([
    ['am', amWallet({ minAmountMinor: '0' })],
    ['ua', uaWallet({ minAmountMinor: '0' })],
  ])('%s: a wallet may not let a zero top-up through', (_product, wallet) => {
    expect(resolveSettingsRules(wallet)).toMatchObject({
      ok: false,
      message: expect.stringContaining('need 1 <= minAmountMinor <= maxAmountMinor') as unknown,
    });
  });
});

describe('productOf: the wallet decides, else the request is guessed at', () => {
  const XML = '<Request/>';
  const JSON_BODY = '{"BalanceInquiryId":1}';
  it.each([
    ['a ua wallet, even for a GET', 'ua', request('', {}, 'GET'), uaWallet()],
    ['an am wallet, even for XML', 'am', request(XML, { 'content-type': 'text/xml' }), amWallet()],
    [
      'JSON content type over a body that looks like XML',
      'am',
      request(XML, { 'content-type': 'Application/JSON' }),
      undefined,
    ],
    ['a GET whose body looks like XML', 'am', request(XML, {}, 'GET'), undefined],
    ['a lower-case get', 'am', request(XML, {}, 'get'), undefined],
    ['XML content type over a JSON body', 'ua', request(JSON_BODY, { 'content-type': 'text/xml' }), undefined],
    ['no content type, a JSON body', 'am', request(JSON_BODY), undefined],
    ['no content type, an XML body', 'ua', request(XML), undefined],
    ['no content type, an XML body after blank lines', 'ua', request(`\n  ${XML}`), undefined],
    ['no content type, an empty body', 'am', request(''), undefined],
  ])('%s → %s', (_label, product, req, wallet) => {
    expect(productOf(req, wallet)).toBe(product);
  });
});
