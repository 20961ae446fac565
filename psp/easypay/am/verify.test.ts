import { createEasypayAdapter } from '..';
import { amWallet, signedAm } from '../fixtures/http';
import { AM_SAMPLES } from '../fixtures/samples';

const adapter = createEasypayAdapter();
const wallet = amWallet({ accountInputType: 1 });

describe('verifyAm: what ops read when a call is not ours', () => {
  const good = signedAm(AM_SAMPLES.payment.body, AM_SAMPLES.payment.nonce);
  it.each([
    ['a Nonce that is not a UUID', { ...good.headers, nonce: 'not-a-uuid' }, 'Nonce header must be a UUID'],
    ['no Nonce', { ...good.headers, nonce: undefined }, 'Nonce header must be a UUID'],
    [
      'another Nonce than the one signed',
      { ...good.headers, nonce: '00000000-0000-4000-8000-000000000000' },
      'HMAC does not match',
    ],
    ['no Authorization', { ...good.headers, authorization: undefined }, 'HMAC does not match'],
  ])('%s', (_label, headers, message) => {
    expect(adapter.verify({ ...good, headers }, wallet)).toStrictEqual({ ok: false, reason: 'unauthorized', message });
  });
});
