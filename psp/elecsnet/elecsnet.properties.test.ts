import fc from 'fast-check';
import { createPrivateKey, sign } from 'node:crypto';
import { postForm, pspRequest, testWallet } from '../osmp/fixtures/http';
import {
  anyCredentials,
  anySettings,
  anyTerminalOutcome,
  anyText,
  decimal,
  expectAnswered,
} from '../testing/properties';
import type { PspRequest } from '../types';
import { ELECSNET_SAMPLES, testKeyPairs } from './fixtures/samples';
import { elecsnetAdapter as adapter } from './index';
import { elecsnetSimulator } from './simulator';

const keys = testKeyPairs();
const wallet = { ...testWallet('elecsnet', 'RUB'), credentials: keys.credentials };
const pspKey = createPrivateKey(keys.simKeys.pspPrivateKey);
const signHex = (payload: Buffer) => sign('md5', payload, pspKey).toString('hex');
const PAY = ELECSNET_SAMPLES.pay.payload;

const fieldName = fc.constantFrom('type', 'reqid', 'auth_code', 'amount', 'currency', 'date', 'signature', '');
const fieldValue = fc.oneof(anyText, fc.constantFrom('1', '2', '00101493', '50000', '643', '-0'));
const form = fc
  .array(fc.tuple(fieldName, fieldValue), { maxLength: 8 })
  .map((pairs) => pairs.map(([n, v]) => `${n}=${v}`).join('&'));
const signedBytes = (bytes: Buffer) => Buffer.concat([bytes, Buffer.from(`&signature=${signHex(bytes)}`)]);

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyText.map((text) => postForm('/e', text)),
  form.map((text) => postForm('/e', signedBytes(Buffer.from(text, 'latin1')))),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => postForm('/e', signedBytes(Buffer.from(bytes)))),
  fc.nat(PAY.length).map((cut) => postForm('/e', signedBytes(Buffer.from(PAY.slice(0, cut))))),
  fc
    .tuple(fc.nat(400), anyText)
    .map(([cut, tail]) => postForm('/e', `${signedBytes(Buffer.from(PAY)).toString().slice(0, cut)}${tail}`)),
  anyText.map((text) => pspRequest(`/e?${text}`)),
);

describe('verify, parse and render never throw', () => {
  it('verify and parse answer every request, under any wallet settings and credentials', () => {
    fc.assert(
      fc.property(anySettings(), anyCredentials, anyRequest, (settings, credentials, req) => {
        for (const w of [
          { ...wallet, settings },
          { ...wallet, credentials },
        ])
          expectAnswered(adapter, req, w);
      }),
      { numRuns: 500 },
    );
  });

  it('every answer is ASCII, carries a known ans_code and a signature our public key accepts', () => {
    fc.assert(
      fc.property(anyTerminalOutcome, anyRequest, fc.boolean(), (outcome, req, parsedFirst) => {
        const context = parsedFirst
          ? adapter.parse(req, { ...wallet, settings: { exposeDriverName: true } }).context
          : undefined;
        const answer = adapter.render(outcome, context, req, wallet);
        expect(answer.body).toMatch(/^[\x20-\x7e]*$/);
        const read = elecsnetSimulator.read('pay', answer, keys.simKeys);
        expect(['00', '01', '48', '62']).toContain(read.code);
        expect(read.signatureValid).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('round trip', () => {
  it('a signed PAY from the simulator verifies and parses back to what was sent', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const minor = fc.bigInt({ min: 1n, max: 10_000_000n });
    fc.assert(
      fc.property(id, id, minor, (txnId, account, amount) => {
        const built = elecsnetSimulator.build(
          'pay',
          { account, amount: decimal(amount), txnId, extra: {} },
          keys.simKeys,
        );
        const req = postForm('/e', built.body ?? '');
        expect(adapter.verify(req, wallet)).toEqual({ ok: true });
        expect(adapter.parse(req, wallet)).toMatchObject({
          ok: true,
          command: { kind: 'pay', pspTxnId: txnId, account, amountMinor: amount },
        });
      }),
      { numRuns: 100 },
    );
  });
});
