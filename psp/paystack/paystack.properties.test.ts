import fc from 'fast-check';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import {
  anyBytes,
  anyNotificationOutcome,
  anyPrefix,
  anySettings,
  anyText,
  expectAnswered,
} from '../testing/properties';
import type { PspRequest, WalletContext } from '../types';
import { FIXTURE_SECRET_KEY, PAYSTACK_SAMPLES } from './fixtures/samples';
import { paystackAdapter as adapter } from './index';
import { paystackSignature } from './verify';

const wallet: WalletContext = { ...testWallet('paystack', 'NGN'), credentials: { secretKey: FIXTURE_SECRET_KEY } };
const SAMPLE = PAYSTACK_SAMPLES.chargeSuccess.body;

function webhook(body: string | Buffer, signature?: string): PspRequest {
  const req = pspRequest('/psp/paystack/***', { method: 'POST', body, contentType: 'application/json' });
  return {
    ...req,
    headers: { ...req.headers, 'x-paystack-signature': signature ?? paystackSignature(body, FIXTURE_SECRET_KEY) },
  };
}

const anyBody = fc.oneof(
  anyText,
  anyBytes(200),
  anyPrefix(SAMPLE),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.record({ event: fc.constantFrom('charge.success', 'x'), data: fc.jsonValue() }).map((v) => JSON.stringify(v)),
);

it('verify and parse answer any body, signed or not, without throwing', () => {
  fc.assert(
    fc.property(anyBody, fc.option(anyText, { nil: undefined }), anySettings(), (body, signature, settings) => {
      expectAnswered(adapter, webhook(body, signature), { ...wallet, settings });
    }),
    { numRuns: 2000 },
  );
});

it('only the exact signature of the exact bytes verifies', () => {
  fc.assert(
    fc.property(anyBody, anyBody, (body, other) => {
      fc.pre(Buffer.compare(Buffer.from(body), Buffer.from(other)) !== 0);
      expect(adapter.verify(webhook(body), wallet).ok).toBe(true);
      expect(adapter.verify(webhook(other, paystackSignature(body, FIXTURE_SECRET_KEY)), wallet).ok).toBe(false);
    }),
  );
});

it('a charge.success round-trips reference and subunits exactly, whatever the metadata says', () => {
  const reference = fc.stringMatching(/^[\w.=-]{1,100}$/);
  const driver = fc.stringMatching(/^[\w.-]{1,64}$/);
  fc.assert(
    fc.property(reference, driver, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (ref, account, amount) => {
      const body = JSON.stringify({
        event: 'charge.success',
        data: { reference: ref, amount, currency: 'NGN', metadata: { driver_id: account } },
      });
      expect(adapter.parse(webhook(body), wallet)).toMatchObject({
        ok: true,
        command: { kind: 'pay', pspTxnId: ref, account: '', amountMinor: BigInt(amount), byInvoice: true },
      });
    }),
  );
});

it('render gives JSON with a non-5xx status for every outcome but an outage', () => {
  fc.assert(
    fc.property(anyNotificationOutcome, (outcome) => {
      const answer = adapter.render(outcome, undefined, webhook(''));
      expect(JSON.parse(answer.body)).toEqual({ result: expect.any(String) });
      expect(answer.status >= 500).toBe(outcome.kind === 'refused' && outcome.reason === 'temporary');
      // The internal message never leaks: a refusal answers its code only.
      if (outcome.kind === 'refused') expect(JSON.parse(answer.body)).toEqual({ result: outcome.reason });
    }),
  );
});
