import { XMLParser } from 'fast-xml-parser';
import { payAccepted } from '../fixtures';
import { pspRequest, testWallet } from '../osmp/fixtures/http';
import type { Outcome, PspRequest, Refusal, WalletContext } from '../types';
import { TBC_SAMPLES } from './fixtures/samples';
import { tbcAdapter as adapter } from './index';

const credentials = { username: 'tbc-user', password: 's3cret:pa ss' };
const walletWith = (settings: Record<string, unknown> = {}): WalletContext => ({
  ...testWallet('tbc', 'GEL', settings),
  credentials,
});
const wallet = walletWith();
const xml = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: false });
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

function signedIn(url: string, authorization = basic(credentials.username, credentials.password)): PspRequest {
  const req = pspRequest(url);
  return { ...req, headers: { authorization } };
}
const refusalOf = (url: string, w = wallet): Refusal | 'ok' => {
  const parsed = adapter.parse(pspRequest(url), w);
  return parsed.ok ? 'ok' : parsed.reason;
};
const answerOf = (url: string, outcome: Outcome, w = wallet) =>
  adapter.render(outcome, adapter.parse(pspRequest(url), w).context, pspRequest(url), w);
const resultOf = (body: string) => (xml.parse(body) as { response: { result: string } }).response.result;

describe('canonical samples (README: Samples)', () => {
  it('CHECK parses and answers; the driver name only when the wallet opts in', () => {
    expect(adapter.parse(pspRequest(TBC_SAMPLES.check.url), wallet)).toMatchObject({
      ok: true,
      command: { kind: 'check', account: 'DRV000123' },
    });
    const found: Outcome = { kind: 'check_ok', driverId: 'd1', displayName: 'Giorgi B.' };
    expect(answerOf(TBC_SAMPLES.check.url, found)).toEqual({
      status: 200,
      headers: { 'Content-Type': 'application/xml; charset=UTF-8' },
      body: TBC_SAMPLES.check.answer,
    });
    expect(answerOf(TBC_SAMPLES.check.url, found, walletWith({ exposeDriverName: true })).body).toBe(
      TBC_SAMPLES.check.answerWithName,
    );
    expect(answerOf(TBC_SAMPLES.check.url, { kind: 'refused', reason: 'not_found', message: 'x' }).body).toBe(
      TBC_SAMPLES.notFound,
    );
  });

  it('PAY parses the GEL decimal exactly and answers 0', () => {
    expect(adapter.parse(pspRequest(TBC_SAMPLES.pay.url), wallet)).toMatchObject({
      ok: true,
      command: { kind: 'pay', pspTxnId: '8812345', account: 'DRV000123', amountMinor: 2000n },
    });
    expect(answerOf(TBC_SAMPLES.pay.url, payAccepted({ currency: 'GEL' })).body).toBe(TBC_SAMPLES.pay.answer);
  });

  it("an identical repeat is answered 0 by default, 215 when the wallet chooses TBC's recommendation", () => {
    const repeat = payAccepted({ currency: 'GEL' }, true);
    expect(answerOf(TBC_SAMPLES.pay.url, repeat).body).toBe(TBC_SAMPLES.pay.answer);
    expect(answerOf(TBC_SAMPLES.pay.url, repeat, walletWith({ duplicateResult: 215 })).body).toBe(
      TBC_SAMPLES.pay.duplicate215,
    );
    expect(answerOf(TBC_SAMPLES.pay.url, payAccepted({}, false), walletWith({ duplicateResult: 215 })).body).toBe(
      TBC_SAMPLES.pay.answer,
    );
  });
});

describe('HTTP Basic', () => {
  const verdict = (req: PspRequest, w = wallet) => {
    const v = adapter.verify(req, w);
    return v.ok || v.reason;
  };

  it('admits the wallet credentials, passwords with colons included', () => {
    expect(verdict(signedIn(TBC_SAMPLES.check.url))).toBe(true);
    expect(
      verdict(
        signedIn(TBC_SAMPLES.check.url, basic(credentials.username, credentials.password).replace('Basic', 'basic')),
      ),
    ).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['wrong password', basic('tbc-user', 'wrong')],
    ['wrong user', basic('other', credentials.password)],
    ['password prefix', basic('tbc-user', 's3cret')],
    ['no colon', `Basic ${Buffer.from('tbc-user').toString('base64')}`],
    ['bearer', 'Bearer abc'],
    ['junk', 'Basic %%%'],
  ])('refuses %s', (_name, header) => {
    const req = header === undefined ? pspRequest(TBC_SAMPLES.check.url) : signedIn(TBC_SAMPLES.check.url, header);
    expect(verdict(req)).toBe('unauthorized');
  });

  it('refuses every call to a wallet without credentials, and one with unusable settings', () => {
    expect(verdict(signedIn(TBC_SAMPLES.check.url), { ...wallet, credentials: {} })).toBe('unauthorized');
    expect(verdict(signedIn(TBC_SAMPLES.check.url), walletWith({ duplicateResult: 1 }))).toBe('forbidden');
  });

  it('answers a credentials refusal 401 with a challenge, in the envelope', () => {
    const answer = adapter.render(
      { kind: 'refused', reason: 'unauthorized', message: 'x' },
      undefined,
      pspRequest('/t'),
    );
    expect(answer.status).toBe(401);
    expect(answer.headers['WWW-Authenticate']).toBe('Basic realm="tbc"');
    expect(resultOf(answer.body)).toBe('7');
  });
});

describe('refusals', () => {
  it.each([
    ['', 'bad_request'],
    ['command=status&account=A', 'bad_request'],
    ['command=check', 'bad_request'],
    ['command=check&account=DRV%201', 'bad_account'],
    ['command=check&account=A&account=B', 'bad_request'],
    ['command=pay&account=A&sum=1.00', 'bad_request'],
    ['command=pay&account=A&txn_id=1%3C2&sum=1.00', 'bad_request'],
    ['command=pay&account=A&txn_id=1', 'bad_request'],
    ['command=pay&account=A&txn_id=1&sum=abc', 'bad_amount'],
    ['command=pay&account=A&txn_id=1&sum=1.005', 'bad_amount'],
    ['command=pay&account=A&txn_id=1&sum=1,00', 'bad_amount'],
    ['command=pay&account=A&txn_id=1&sum=0.00', 'amount_too_small'],
    ['command=pay&account=A&txn_id=1&sum=-1.00', 'amount_too_small'],
    ['command=pay&account=A&txn_id=1&sum=100000.01', 'amount_too_large'],
    ['command=pay&account=A&txn_id=1&sum=0.29', 'ok'],
  ] as const)('%j → %s', (query, reason) => {
    expect(refusalOf(`/tbcpay?${query}`)).toBe(reason);
  });

  it.each([
    ['bad_account', '4'],
    ['not_found', '5'],
    ['forbidden', '7'],
    ['bad_amount', '275'],
    ['amount_too_small', '275'],
    ['amount_too_large', '275'],
    ['conflict', '215'],
    ['temporary', '1'],
    ['bad_request', '300'],
    ['error', '300'],
  ] as const)('%s → result %s, HTTP 200, no echo of the message', (reason, result) => {
    const answer = answerOf(TBC_SAMPLES.pay.url, { kind: 'refused', reason, message: '<leak/>' });
    expect(answer.status).toBe(200);
    expect(resultOf(answer.body)).toBe(result);
    expect(answer.body).not.toContain('leak');
  });

  it('unknown link, oversized body and an IP refused before parsing keep the envelope', () => {
    const early = (reason: Refusal) =>
      adapter.render({ kind: 'refused', reason, message: 'x' }, undefined, pspRequest('/t'));
    expect([early('unknown_link').status, early('too_large').status, early('forbidden').status]).toEqual([
      404, 413, 403,
    ]);
    expect(resultOf(early('too_large').body)).toBe('300');
  });
});

describe('wallet settings', () => {
  it('renames parameters per contract', () => {
    const renamed = walletWith({ paramNames: { account: 'caseId' } });
    expect(refusalOf('/t?command=check&caseId=C-1', renamed)).toBe('ok');
    expect(refusalOf('/t?command=check&account=C-1', renamed)).toBe('bad_request');
    expect(refusalOf('/t?command=check&account=A', walletWith({ paramNames: { account: 'command' } }))).toBe('error');
  });

  it('applies account pattern and limits', () => {
    const strict = walletWith({ accountPattern: '\\d{11}', minAmountMinor: '500', maxAmountMinor: '1000' });
    expect(refusalOf('/t?command=check&account=01234567890', strict)).toBe('ok');
    expect(refusalOf('/t?command=check&account=DRV1', strict)).toBe('bad_account');
    expect(refusalOf('/t?command=pay&account=01234567890&txn_id=1&sum=4.99', strict)).toBe('amount_too_small');
    expect(refusalOf('/t?command=pay&account=01234567890&txn_id=1&sum=10.01', strict)).toBe('amount_too_large');
  });

  it.each([
    { duplicateResult: '215' },
    { accountPattern: '(' },
    { minAmountMinor: '9', maxAmountMinor: '1' },
    { paramNames: { sum: 'a b' } },
  ])('refuses unusable settings %j as an error', (settings) => {
    expect(refusalOf(TBC_SAMPLES.check.url, walletWith(settings))).toBe('error');
  });
});
