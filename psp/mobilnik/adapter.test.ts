import { pspRequest } from '../osmp/fixtures/http';
import { QIWI_SAMPLES } from '../osmp/fixtures/samples';
import type { WalletContext } from '../types';
import { createMobilnikAdapter } from './adapter';
import { MOBILNIK_SAMPLES, TEST_SELLER_SECRET } from './fixtures/samples';
import { DURING_SAMPLE } from './fixtures/tokens';

const adapter = createMobilnikAdapter(() => DURING_SAMPLE);
const wallet = (
  settings: Record<string, unknown>,
  credentials = { sellerSecret: TEST_SELLER_SECRET },
): WalletContext => ({
  id: 'w1',
  parkId: 'p1',
  psp: 'mobilnik',
  currency: 'KGS',
  settings,
  credentials,
});
const postback = (body: string) => pspRequest('/psp/mobilnik/***', { method: 'POST', body, contentType: 'text/plain' });

describe('the channel picks whose rules apply', () => {
  // An OSMP setting the web channel does not know: only the terminal rules can find it wrong.
  const badTerminal = wallet({ channel: 'terminal', accountPattern: '[' });

  it('a terminal wallet is judged by the OSMP settings rules', () => {
    expect(adapter.settingsProblem(badTerminal)).toMatch(/^wallet settings invalid: .*accountPattern/);
    expect(adapter.settingsProblem(wallet({ channel: 'web', accountPattern: '[' }))).toBeUndefined();
  });

  it('a terminal wallet is verified by the OSMP rules, which refuse its settings', () => {
    expect(adapter.verify(pspRequest(QIWI_SAMPLES.pay.url), badTerminal)).toStrictEqual({
      ok: false,
      reason: 'forbidden',
      message: adapter.settingsProblem(badTerminal),
    });
  });
});

describe('web verify', () => {
  it('refuses a postback signed with another secret before it is interpreted', () => {
    expect(
      adapter.verify(postback(MOBILNIK_SAMPLES.postback.body), wallet({ channel: 'web' }, { sellerSecret: 'other' })),
    ).toStrictEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'JWT signature invalid',
    });
  });

  it('refuses a wallet without a seller secret as forbidden', () => {
    expect(
      adapter.verify(postback(MOBILNIK_SAMPLES.postback.body), wallet({ channel: 'web' }, { sellerSecret: '' })),
    ).toStrictEqual({
      ok: false,
      reason: 'forbidden',
      message: 'wallet has no sellerSecret credential',
    });
  });
});
