import { paynetWallet, soapRequest } from './fixtures/http';
import { PAYNET_SAMPLES as S } from './fixtures/samples';
import { verifyPaynet } from './verify';

describe('verifyPaynet', () => {
  it('serves the WSDL without credentials even when the GET carries a SOAP body', () => {
    const req = soapRequest(S.check.request, {}, 'GET', '/psp/uzpaynet/***?wsdl');
    expect(verifyPaynet(req, paynetWallet({}, {}))).toStrictEqual({ ok: true });
  });

  it.each([
    ['no credentials', {}],
    ['a password only', { password: 'test-password' }],
    ['a username only', { username: 'paynet' }],
    ['an empty password', { username: 'paynet', password: '' }],
  ])('a wallet with %s admits nobody and says why', (_label, credentials: Record<string, string>) => {
    expect(verifyPaynet(soapRequest(S.check.request), paynetWallet({}, credentials))).toStrictEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'wallet has no Paynet username and password',
    });
  });

  it('a call with other credentials is refused without saying which one was wrong', () => {
    const wrong = soapRequest(S.check.request.replace('test-password', 'guess'));
    expect(verifyPaynet(wrong, paynetWallet())).toStrictEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'bad Paynet username or password',
    });
    expect(verifyPaynet(soapRequest(S.check.request), paynetWallet())).toStrictEqual({ ok: true });
  });
});
