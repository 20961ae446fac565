import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { postForm, pspRequest, testWallet } from '../osmp/fixtures/http';
import {
  anyBytes,
  anyNotificationOutcome,
  anyPairs,
  anyPrefix,
  anyText,
  assertEveryRequestAnswered,
  decimal,
  withAnySettings,
} from '../testing/properties';
import type { PspRequest, WalletContext } from '../types';
import { FIXTURE_PASSWORD, QIWI_SAMPLES } from './fixtures/samples';
import { qiwiAdapter as adapter } from './index';
import { qiwiSignature } from './verify';

const wallet: WalletContext = {
  ...testWallet('qiwi', 'RUB'),
  credentials: { login: '24274', password: FIXTURE_PASSWORD },
};
const xml = new XMLParser({ processEntities: false, parseTagValue: false });
const SAMPLE = QIWI_SAMPLES.paid.body;

const anyForm = anyPairs(
  ['bill_id', 'status', 'error', 'amount', 'ccy', 'comment', 'command', 'user', ''],
  ['paid', 'bill', 'RUB', '0', '10.45', 'DRV1', 'B-1'],
  10,
);

const withHeaders = (req: PspRequest, headers: Record<string, string>): PspRequest => ({
  ...req,
  headers: { ...req.headers, ...headers },
});
const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyForm.map((body) => postForm('/q', body)),
  anyBytes(200).map((bytes) => postForm('/q', bytes)),
  anyPrefix(SAMPLE).map((body) => postForm('/q', body)),
  fc.tuple(anyForm, anyText).map(([body, sig]) => withHeaders(postForm('/q', body), { 'x-api-signature': sig })),
  fc.tuple(anyForm, anyText).map(([body, auth]) => withHeaders(postForm('/q', body), { authorization: auth })),
  fc.record({ method: anyText, body: anyText, contentType: anyText }).map((parts) => pspRequest('/q', parts)),
);

it('verify and parse answer any request without throwing', () => {
  assertEveryRequestAnswered(adapter, anyRequest, withAnySettings(wallet), 2000);
});

it('a form signed by the documented rule verifies; any other form with that signature does not', () => {
  fc.assert(
    fc.property(anyForm, anyForm, (body, other) => {
      const signature = qiwiSignature([...new URLSearchParams(body)], FIXTURE_PASSWORD);
      expect(adapter.verify(withHeaders(postForm('/q', body), { 'x-api-signature': signature }), wallet).ok).toBe(true);
      const sameValues = qiwiSignature([...new URLSearchParams(other)], FIXTURE_PASSWORD) === signature;
      expect(adapter.verify(withHeaders(postForm('/q', other), { 'x-api-signature': signature }), wallet).ok).toBe(
        sameValues,
      );
    }),
  );
});

it('a paid bill round-trips bill id and amount exactly, whatever the comment says', () => {
  const billId = fc.stringMatching(/^[\w.:=@-]{1,200}$/);
  const driver = fc.stringMatching(/^[\w.-]{1,64}$/);
  fc.assert(
    fc.property(billId, driver, fc.bigInt({ min: 1n, max: 10n ** 15n }), (bill, account, minor) => {
      const body = new URLSearchParams({
        bill_id: bill,
        status: 'paid',
        error: '0',
        amount: decimal(minor),
        ccy: 'RUB',
        comment: account,
        command: 'bill',
      });
      expect(adapter.parse(postForm('/q', body.toString()), wallet)).toMatchObject({
        ok: true,
        command: { kind: 'pay', pspTxnId: bill, account: '', amountMinor: minor, byInvoice: true },
      });
    }),
  );
});

it('render always answers the documented XML with a documented code, never a 5xx', () => {
  fc.assert(
    fc.property(anyNotificationOutcome, anyRequest, (outcome, req) => {
      const answer = adapter.render(outcome, undefined, req);
      expect(answer.status).toBeLessThan(500);
      expect(['0', '5', '13', '150', '151', '300']).toContain(xml.parse(answer.body).result.result_code);
    }),
  );
});
