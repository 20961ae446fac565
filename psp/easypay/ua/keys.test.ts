import { TEST_KEYS } from '../fixtures/http';
import { readUaKeys } from './keys';

describe('readUaKeys', () => {
  it('reads both PEM keys, and answers none (no throw) when either is missing or not a key', () => {
    const pems = { easypayPublicKey: TEST_KEYS.easypay.publicKey, providerPrivateKey: TEST_KEYS.provider.privateKey };
    expect(readUaKeys(pems)).toMatchObject({ easypay: { type: 'public' }, ours: { type: 'private' } });
    expect(readUaKeys({ ...pems, easypayPublicKey: '' })).toBeUndefined();
    expect(readUaKeys({ ...pems, providerPrivateKey: 'not a PEM' })).toBeUndefined();
    expect(
      readUaKeys({ ...pems, easypayPublicKey: TEST_KEYS.provider.privateKey.replace('KEY', 'KYE') }),
    ).toBeUndefined();
  });
});
