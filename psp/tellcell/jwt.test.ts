import { isValidHs256Jwt } from './jwt';
import { signJwt } from './simulator';

const secret = 'mySecretToken123!';
const at = new Date('2024-03-25T11:06:00Z');
const now = at.getTime() / 1000;
const valid = (claims: Record<string, unknown>, nowSeconds = now) =>
  isValidHs256Jwt(signJwt(secret, at, claims), secret, nowSeconds);

describe('isValidHs256Jwt: exp and nbf as jsonwebtoken.verify reads them', () => {
  it.each([
    ['exp one second ahead', { exp: now + 1 }, true],
    ['exp this very second', { exp: now }, false],
    ['exp as text, however far ahead', { exp: String(now + 3600) }, false],
    ['no nbf', {}, true],
    ['nbf a minute ago', { nbf: now - 60 }, true],
    ['nbf this very second', { nbf: now }, true],
    ['nbf one second ahead', { nbf: now + 1 }, false],
    ['nbf as text, long past', { nbf: '0' }, false],
  ])('%s → %p', (_name, claims, expected) => {
    expect(valid(claims)).toBe(expected);
  });
});
