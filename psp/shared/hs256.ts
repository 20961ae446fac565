import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { refusal, type Checked } from './checked';

const COMPACT_JWS = /^([\w-]+)\.([\w-]+)\.([\w-]+)$/;

/** A compact HS256 JWS read but not yet trusted: its claims, and the MAC check that makes them trustworthy. */
export interface Hs256Token {
  claims: JWTPayload;
  signedWith(secret: string): boolean;
}

/**
 * Reads a compact JWS that claims HS256 (jose decodes: strict base64url and JSON objects; `alg: none` and `crit`
 * headers refused). PSP adapters are synchronous and jose verifies only asynchronously, so the MAC is checked here,
 * over the token's own bytes, in constant time against the canonical encoding (no malleable variants).
 */
export function readHs256(token: string): Checked<Hs256Token> {
  const parts = COMPACT_JWS.exec(token);
  if (!parts) return refusal('bad_request', 'body is not a compact JWT');
  const [, header = '', payload = '', signature = ''] = parts;
  const protectedHeader = attempt(() => decodeProtectedHeader(token));
  const claims = attempt(() => decodeJwt(token));
  if (!protectedHeader || !claims) return refusal('bad_request', 'JWT header or claims are not JSON objects');
  if (protectedHeader.alg !== 'HS256') return refusal('unauthorized', 'JWT alg must be HS256');
  if (protectedHeader.crit !== undefined) return refusal('unauthorized', 'JWT crit headers are not supported');
  const signedWith = (secret: string) => {
    const expected = Buffer.from(
      createHmac('sha256', secret).update(`${header}.${payload}`, 'ascii').digest('base64url'),
    );
    const received = Buffer.from(signature, 'ascii');
    return received.length === expected.length && timingSafeEqual(received, expected);
  };
  return { ok: true, value: { claims, signedWith } };
}

function attempt<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}
