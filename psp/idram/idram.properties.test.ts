import fc from 'fast-check';
import { formatMinor } from '../../domain/money';
import { postForm, pspRequest } from '../osmp/fixtures/http';
import {
  anyBytes,
  anyCheckOk,
  anyCredentials,
  anyPayAccepted,
  anyPrefix,
  anyRefusal,
  anySettings,
  anyText,
  assertEveryRequestAnswered,
} from '../testing/properties';
import type { Outcome, PspRequest, WalletContext } from '../types';
import { idramChecksum } from './checksum';
import { IDRAM_SAMPLES, REC_ACCOUNT, TEST_SECRET_KEY } from './fixtures/samples';
import { idramAdapter as adapter } from './index';

const wallet: WalletContext = {
  id: 'w',
  parkId: 'p',
  psp: 'idram',
  currency: 'AMD',
  settings: { recAccount: REC_ACCOUNT },
  credentials: { secretKey: TEST_SECRET_KEY },
};
const field = fc.constantFrom(
  'EDP_PRECHECK',
  'EDP_BILL_NO',
  'EDP_REC_ACCOUNT',
  'EDP_PAYER_ACCOUNT',
  'EDP_AMOUNT',
  'EDP_TRANS_ID',
  'EDP_TRANS_DATE',
  'EDP_CHECKSUM',
  'EDP_X',
  '',
);
const value = fc.oneof(
  anyText,
  fc.constantFrom('YES', REC_ACCOUNT, '5000.00', 'DRV000123', '01234567890123', '25/03/2024'),
);
const form = fc.array(fc.tuple(field, value), { maxLength: 10 }).map((pairs) => new URLSearchParams(pairs).toString());
const SAMPLE = IDRAM_SAMPLES.confirmation.body;

const anyRequest: fc.Arbitrary<PspRequest> = fc.oneof(
  form.map((body) => postForm('/idram', body)),
  anyBytes(300).map((bytes) => postForm('/idram', bytes)),
  anyPrefix(SAMPLE).map((body) => postForm('/idram', body)),
  fc.record({ method: anyText, contentType: anyText, body: anyText }).map((parts) => pspRequest('/idram', parts)),
);

const anyOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  anyCheckOk(),
  anyPayAccepted,
  anyRefusal(),
  fc.constant({ kind: 'pong' as const }),
);

describe('verify, parse and render never throw', () => {
  it('every request gets a verdict and a command or a known refusal', () => {
    assertEveryRequestAnswered(adapter, anyRequest, fc.constant(wallet), 2000);
  });

  it('any wallet settings and credentials', () => {
    fc.assert(
      fc.property(
        anySettings('recAccount', 'billNoPattern', 'minAmountMinor', 'maxAmountMinor', 'x'),
        anyCredentials,
        anyRequest,
        (settings, credentials, req) => {
          const w = { ...wallet, settings, credentials };
          adapter.verify(req, w);
          adapter.parse(req, w);
        },
      ),
    );
  });

  it('render answers plain text, OK exactly for a passed check or an accepted payment', () => {
    fc.assert(
      fc.property(anyOutcome, anyRequest, (outcome, req) => {
        const answer = adapter.render(outcome, undefined, req);
        expect([200, 404, 413, 503]).toContain(answer.status);
        expect(answer.body === 'OK').toBe(outcome.kind === 'check_ok' || outcome.kind === 'pay_accepted');
      }),
    );
  });
});

describe('round trip', () => {
  const account = fc.stringMatching(/^[A-Za-z0-9_]{1,64}$/);
  const nonce = fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,32}$/), { nil: undefined });
  const minor = fc.bigInt({ min: 1n, max: 100_000_000n });
  const transId = fc.stringMatching(/^\d{14}$/);

  it('a signed confirmation parses to exactly what was sent; any other checksum is refused', () => {
    fc.assert(
      fc.property(
        account,
        nonce,
        minor,
        transId,
        fc.stringMatching(/^[0-9a-f]{32}$/),
        (acc, tail, amountMinor, id, forged) => {
          const f = {
            EDP_BILL_NO: tail ? `${acc}-${tail}` : acc,
            EDP_REC_ACCOUNT: REC_ACCOUNT,
            EDP_PAYER_ACCOUNT: '100012345',
            EDP_AMOUNT: formatMinor(amountMinor, 'AMD'),
            EDP_TRANS_ID: id,
            EDP_TRANS_DATE: '25/03/2024',
          };
          const sum = idramChecksum({
            recAccount: REC_ACCOUNT,
            amount: f.EDP_AMOUNT,
            secretKey: TEST_SECRET_KEY,
            billNo: f.EDP_BILL_NO,
            payerAccount: f.EDP_PAYER_ACCOUNT,
            transId: id,
            transDate: f.EDP_TRANS_DATE,
          });
          const signed = postForm('/idram', new URLSearchParams({ ...f, EDP_CHECKSUM: sum }).toString());
          expect(adapter.parse(signed, wallet)).toEqual({
            ok: true,
            command: { kind: 'pay', pspTxnId: id, account: acc, amountMinor },
            context: undefined,
          });
          fc.pre(forged !== sum);
          const unsigned = postForm('/idram', new URLSearchParams({ ...f, EDP_CHECKSUM: forged }).toString());
          expect(adapter.verify(unsigned, wallet)).toMatchObject({ ok: false, reason: 'unauthorized' });
        },
      ),
    );
  });
});
