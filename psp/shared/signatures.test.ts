import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readHs256 } from './hs256';
import { isValidRsaHex, rsaPrivateKey, rsaPublicKey, signRsaHex } from './rsa';
import { sameSecret } from './secrets';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function hs256(claims: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const signingInput = `${b64(header)}.${b64(claims)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

describe('readHs256', () => {
  it("reads the claims and trusts them only under the token's own secret", () => {
    const read = readHs256(hs256({ sub: 'DRV1', amount: 100 }, 'k1'));
    if (!read.ok) throw new Error(read.message);
    expect(read.value.claims).toEqual({ sub: 'DRV1', amount: 100 });
    expect(read.value.signedWith('k1')).toBe(true);
    expect(read.value.signedWith('k2')).toBe(false);
  });

  it('refuses a signature that is not the canonical encoding of the MAC', () => {
    const token = hs256({ sub: 'DRV1' }, 'k1');
    const truncated = readHs256(token.slice(0, -1));
    expect(truncated.ok && truncated.value.signedWith('k1')).toBe(false);
    const padded = readHs256(`${token}A`);
    expect(padded.ok && padded.value.signedWith('k1')).toBe(false);
  });

  it('refuses what is no compact JWS as a bad request', () => {
    for (const token of ['', 'a.b', 'a.b.c.d', `${hs256({}, 'k')} `, 'a+b.c.d']) {
      expect(readHs256(token)).toMatchObject({
        ok: false,
        reason: 'bad_request',
        message: 'body is not a compact JWT',
      });
    }
    expect(readHs256(`${b64({ alg: 'HS256' })}.bm90LWpzb24.sig`)).toMatchObject({
      ok: false,
      reason: 'bad_request',
      message: 'JWT header or claims are not JSON objects',
    });
    expect(readHs256(`bm90LWpzb24.${b64({})}.sig`)).toMatchObject({ ok: false, reason: 'bad_request' });
  });

  it('refuses another algorithm and crit headers as unauthorized', () => {
    expect(readHs256(hs256({}, 'k', { alg: 'HS512' }))).toEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'JWT alg must be HS256',
    });
    expect(readHs256(hs256({}, 'k', { alg: 'HS256', crit: ['exp'], exp: 1 }))).toEqual({
      ok: false,
      reason: 'unauthorized',
      message: 'JWT crit headers are not supported',
    });
  });
});

describe('RSA hex signatures', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const payload = Buffer.from('txn=1;amount=10.45');

  it('sign in upper-case hex and verify under the public key, in either case', () => {
    const signature = signRsaHex('sha256', payload, privateKey)!;
    expect(signature).toMatch(/^[0-9A-F]{256}$/);
    expect(isValidRsaHex('sha256', payload, signature, publicKey)).toBe(true);
    expect(isValidRsaHex('sha256', payload, signature.toLowerCase(), publicKey, 128)).toBe(true);
    expect(isValidRsaHex('sha256', Buffer.from('txn=1;amount=99.00'), signature, publicKey)).toBe(false);
  });

  it('refuse a signature shorter than the minimum, longer than 1024 bytes, or not hex, without a throw', () => {
    const signature = signRsaHex('sha256', payload, privateKey)!;
    expect(isValidRsaHex('sha256', payload, signature, publicKey, 129)).toBe(false);
    expect(isValidRsaHex('sha256', payload, '', publicKey)).toBe(false);
    expect(isValidRsaHex('sha256', payload, `${signature}0`, publicKey)).toBe(false);
    expect(isValidRsaHex('sha256', payload, `Z${signature.slice(1)}`, publicKey)).toBe(false);
    // Node's hex decoding stops at the first non-hex pair: only the pattern keeps trailing junk from passing.
    expect(isValidRsaHex('sha256', payload, `${signature}zz`, publicKey)).toBe(false);
    expect(isValidRsaHex('sha256', payload, 'AB'.repeat(1025), publicKey)).toBe(false);
    expect(isValidRsaHex('no-such-digest', payload, signature, publicKey)).toBe(false);
    expect(signRsaHex('no-such-digest', payload, privateKey)).toBeUndefined();
  });

  it('read only RSA keys from PEM', () => {
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(rsaPublicKey(pub)?.asymmetricKeyType).toBe('rsa');
    expect(rsaPrivateKey(priv)?.type).toBe('private');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(rsaPublicKey(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBeUndefined();
    expect(rsaPrivateKey(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toBeUndefined();
    expect(rsaPublicKey('not a pem')).toBeUndefined();
    expect(rsaPublicKey(undefined)).toBeUndefined();
    expect(rsaPrivateKey('')).toBeUndefined();
  });
});

describe('sameSecret', () => {
  it('is equality of the secrets, whatever their lengths', () => {
    expect(sameSecret('s3cret', 's3cret')).toBe(true);
    expect(sameSecret('s3cret', 's3cret!')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
    expect(sameSecret('Пароль', 'Пароль')).toBe(true);
  });
});
