import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import {
  anyBytes,
  anyPairs,
  anyPrefix,
  anyTerminalOutcome,
  anyText,
  assertEveryRequestAnswered,
  decimal,
  withAnySettings,
} from '../testing/properties';
import type { PspRequest } from '../types';
import { TBC_SAMPLES } from './fixtures/samples';
import { tbcAdapter as adapter } from './index';

const wallet = { ...testWallet('tbc', 'GEL'), credentials: { username: 'u', password: 'p' } };
const xml = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: false });
const RESULT_CODES = ['0', '1', '4', '5', '7', '215', '275', '300'];
const PAY_QUERY = TBC_SAMPLES.pay.url.split('?')[1] ?? '';

const queryString = anyPairs(
  ['command', 'account', 'txn_id', 'sum', 'caseId', ''],
  ['check', 'pay', '8812345', '20.00', '-0', 'DRV000123'],
  8,
);

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  anyText.map((text) => pspRequest(`/t?${text}`)),
  queryString.map((query) => pspRequest(`/t?${query}`)),
  anyPrefix(PAY_QUERY).map((query) => pspRequest(`/t?${query}`)),
  fc
    .tuple(queryString, anyText)
    .map(([query, authorization]) => ({ ...pspRequest(`/t?${query}`), headers: { authorization } })),
  anyBytes(60).map((bytes) => ({
    ...pspRequest('/t'),
    headers: { authorization: `Basic ${bytes.toString('base64')}` },
  })),
);

describe('verify, parse and render never throw', () => {
  it('verify and parse answer every request, under any wallet settings', () => {
    assertEveryRequestAnswered(adapter, anyRequest, withAnySettings(wallet), 1000);
  });

  it('render always gives well-formed XML with a known result code, whatever the context', () => {
    fc.assert(
      fc.property(anyTerminalOutcome, anyRequest, fc.boolean(), (outcome, req, parsedFirst) => {
        const context = parsedFirst
          ? adapter.parse(req, { ...wallet, settings: { exposeDriverName: true } }).context
          : undefined;
        const answer = adapter.render(outcome, context, req);
        expect([200, 401, 403, 404, 413]).toContain(answer.status);
        expect(XMLValidator.validate(answer.body)).toBe(true);
        expect(RESULT_CODES).toContain(xml.parse(answer.body).response.result);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('round trip', () => {
  it('a well-formed PAY parses back to what was sent, exactly', () => {
    const txnId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const account = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const minor = fc.bigInt({ min: 1n, max: 10_000_000n });
    fc.assert(
      fc.property(txnId, account, minor, (id, acc, amount) => {
        const query = new URLSearchParams({ command: 'pay', account: acc, txn_id: id, sum: decimal(amount) });
        expect(adapter.parse(pspRequest(`/t?${query}`), wallet)).toMatchObject({
          ok: true,
          command: { kind: 'pay', pspTxnId: id, account: acc, amountMinor: amount },
        });
      }),
    );
  });
});
