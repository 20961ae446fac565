import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { qiwiQvpAdapter as adapter } from '../qiwi_qvp';
import { createOsmpAdapter } from './adapter';
import { defineOsmpConfig } from './config';
import type { Outcome, PspRequest, Refusal, WalletContext } from '../types';
import { pspRequest, postForm, testWallet } from './fixtures/http';
import { QIWI_SAMPLES } from './fixtures/samples';
import type { OsmpContext } from './parse';
import { parseOsmpDate } from './txn-date';
import { payAccepted } from '../fixtures';

const wallet = testWallet('qiwi_qvp', 'RUB');
const xml = new XMLParser({ htmlEntities: true, parseTagValue: false, ignoreAttributes: false });

function parse(url: string, w: WalletContext = wallet) {
  return adapter.parse(pspRequest(url), w);
}

function refusalOf(req: PspRequest, w: WalletContext = wallet): Refusal | 'ok' {
  const result = adapter.parse(req, w);
  return result.ok ? 'ok' : result.reason;
}

function refused(reason: Refusal): Outcome {
  return { kind: 'refused', reason, message: 'internal detail' };
}

function paid(prvTxn: string, amountMinor = 1045n, repeat = false): Outcome {
  return payAccepted({ prvTxn, amountMinor }, repeat);
}

function answerOf(url: string, outcome: Outcome) {
  const req = pspRequest(url);
  const parsed = adapter.parse(req, wallet);
  return adapter.render(outcome, parsed.context, req);
}

describe('canonical samples (README: Samples)', () => {
  it('CHECK parses and answers byte for byte', () => {
    const parsed = parse(QIWI_SAMPLES.check.url);
    expect(parsed).toEqual({
      ok: true,
      command: { kind: 'check', account: 'DRV000123', amountMinor: 1045n, pspTxnId: '1234567' },
      context: { txnId: '1234567', exposeDriverName: false },
    });
    const answer = answerOf(QIWI_SAMPLES.check.url, { kind: 'check_ok', driverId: 'd1', displayName: 'Ivan' });
    expect(answer).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: QIWI_SAMPLES.check.answer,
    });
  });

  it('CHECK of an unknown driver', () => {
    const answer = answerOf(QIWI_SAMPLES.checkNotFound.url, refused('not_found'));
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(QIWI_SAMPLES.checkNotFound.answer);
  });

  it('PAY parses (txn_date in Moscow time) and answers byte for byte, the repeat identically', () => {
    const parsed = parse(QIWI_SAMPLES.pay.url);
    expect(parsed).toEqual({
      ok: true,
      command: {
        kind: 'pay',
        pspTxnId: '1234567',
        account: 'DRV000123',
        amountMinor: 1045n,
        paidAt: new Date('2024-03-25T11:06:00Z'),
      },
      context: { txnId: '1234567', exposeDriverName: false },
    });
    const first = answerOf(QIWI_SAMPLES.pay.url, paid(QIWI_SAMPLES.pay.prvTxn));
    const repeat = answerOf(QIWI_SAMPLES.pay.url, paid(QIWI_SAMPLES.pay.prvTxn, 1045n, true));
    expect(first.status).toBe(200);
    expect(first.body).toBe(QIWI_SAMPLES.pay.answer);
    expect(repeat).toEqual(first);
  });

  it("QIWI's documented example parses", () => {
    const parsed = parse(QIWI_SAMPLES.payDocumented.url);
    expect(parsed.ok && parsed.command).toEqual({
      kind: 'pay',
      pspTxnId: '1234567',
      account: '0957835959',
      amountMinor: 1045n,
      paidAt: new Date('2005-08-15T09:01:33Z'),
    });
  });
});

describe('transport', () => {
  const form = 'command=pay&txn_id=1234567&txn_date=20240325140600&account=DRV000123&sum=10.45';

  it('reads an urlencoded POST body like a query', () => {
    expect(adapter.parse(postForm('/qiwi', form), wallet)).toEqual(parse(`/qiwi?${form}`));
    expect(adapter.parse(postForm('/qiwi', form, 'Application/X-WWW-Form-Urlencoded; charset=UTF-8'), wallet).ok).toBe(
      true,
    );
  });

  it('merges query and body', () => {
    const req = postForm('/qiwi?command=pay&txn_id=1234567', 'txn_date=20240325140600&account=DRV000123&sum=10.45');
    expect(adapter.parse(req, wallet)).toEqual(parse(`/qiwi?${form}`));
  });

  it('refuses a parameter repeated with different values, wherever the copies are', () => {
    expect(refusalOf(postForm(`/qiwi?sum=1.00`, form))).toBe('bad_request');
    expect(refusalOf(pspRequest(`/qiwi?${form}&account=OTHER`))).toBe('bad_request');
    expect(refusalOf(postForm(`/qiwi?sum=10.45`, form))).toBe('ok');
  });

  it('ignores the body of other content types and of GET', () => {
    expect(refusalOf(postForm('/qiwi', form, 'application/json'))).toBe('bad_request');
    expect(refusalOf(postForm('/qiwi', form, 'text/plain'))).toBe('bad_request');
    expect(refusalOf(pspRequest('/qiwi', { body: form, contentType: 'application/x-www-form-urlencoded' }))).toBe(
      'bad_request',
    );
  });

  it('decodes the body as UTF-8, "+" as a space', () => {
    const permissive = testWallet('qiwi_qvp', 'RUB', { accountPattern: '[\\p{L} ]+' });
    const body = 'command=check&txn_id=1&account=%D0%98%D0%B2%D0%B0%D0%BD+%D0%98';
    const parsed = adapter.parse(postForm('/qiwi', body), permissive);
    expect(parsed.ok && parsed.command).toMatchObject({ account: 'Иван И' });
    const raw = adapter.parse(
      postForm('/qiwi', Buffer.from('command=check&txn_id=1&account=Иван', 'utf8')),
      permissive,
    );
    expect(raw.ok && raw.command).toMatchObject({ account: 'Иван' });
  });

  it('honours per-PSP parameter names', () => {
    const renamedPsp = createOsmpAdapter(
      defineOsmpConfig({
        code: 'qiwi_qvp',
        currency: 'RUB',
        ipAllowList: [],
        txnDateUtcOffsetMinutes: 0,
        paramNames: { command: 'action', sum: 'amount' },
      }),
    );
    const parsed = renamedPsp.parse(pspRequest('/x?action=pay&txn_id=5&account=A&amount=1.00'), wallet);
    expect(parsed).toMatchObject({ ok: true, command: { kind: 'pay', amountMinor: 100n } });
  });

  it('honours per-wallet parameter names', () => {
    const renamed = testWallet('qiwi_qvp', 'RUB', { paramNames: { account: 'acc', txn_id: 'id' } });
    const parsed = adapter.parse(pspRequest('/qiwi?command=check&id=55&acc=DRV1'), renamed);
    expect(parsed).toMatchObject({ ok: true, command: { account: 'DRV1', pspTxnId: '55' }, context: { txnId: '55' } });
    expect(refusalOf(pspRequest('/qiwi?command=check&txn_id=55&account=DRV1'), renamed)).toBe('bad_request');
  });
});

describe('getInfo (newer QIWI docs: information without registering a payment)', () => {
  it('is a CHECK: no payment, the txn_id optional, answered like CHECK', () => {
    // Strict: a CHECK without a txn_id carries no pspTxnId key at all, not one set to undefined.
    expect(parse('/qiwi?command=getInfo&account=DRV000123')).toStrictEqual({
      ok: true,
      command: { kind: 'check', account: 'DRV000123' },
      context: { txnId: undefined, exposeDriverName: false },
    });
    expect(parse('/qiwi?command=getInfo&txn_id=0077&account=DRV000123&sum=1.00')).toMatchObject({
      command: { kind: 'check', account: 'DRV000123', pspTxnId: '77', amountMinor: 100n },
    });
    const answer = answerOf('/qiwi?command=getInfo&txn_id=77&account=DRV000123', {
      kind: 'check_ok',
      driverId: 'd1',
      displayName: 'Ivan',
    });
    expect(answer.status).toBe(200);
    expect(xml.parse(answer.body).response).toEqual({ osmp_txn_id: '77', result: '0', comment: 'OK' });
  });

  it('names the driver only where the wallet exposes it', () => {
    const exposing = { ...wallet, settings: { exposeDriverName: true } };
    const req = pspRequest('/qiwi?command=getInfo&account=DRV000123');
    const parsed = adapter.parse(req, exposing);
    const answer = adapter.render(
      { kind: 'check_ok', driverId: 'd1', displayName: 'Иван <Ivan>' },
      parsed.context,
      req,
    );
    expect(answer.body).toContain('<fields><field1 name="name">Иван &lt;Ivan&gt;</field1></fields>');
    expect(answer.body).not.toContain('osmp_txn_id');
  });
});

describe('refusals', () => {
  const pay = (query: string) => refusalOf(pspRequest(`/qiwi?command=pay&txn_id=1&account=DRV1&${query}`));
  const check = (query: string) => refusalOf(pspRequest(`/qiwi?command=check&txn_id=1&account=DRV1&${query}`));

  it.each([
    ['', 'bad_request'],
    ['command=status&txn_id=1&account=A', 'bad_request'],
    ['command=PAY&txn_id=1&account=A&sum=1', 'bad_request'],
    ['command=getInfo&txn_id=1&account=A', 'ok'],
    ['command=getInfo&account=A', 'ok'],
    ['command=getInfo&txn_id=x&account=A', 'bad_request'],
    ['command=getInfo&txn_id=1', 'bad_request'],
    ['command=getinfo&txn_id=1&account=A', 'bad_request'],
    ['command=check&account=A', 'bad_request'],
    ['command=check&txn_id=&account=A', 'bad_request'],
    ['command=check&txn_id=12a&account=A', 'bad_request'],
    ['command=check&txn_id=-1&account=A', 'bad_request'],
    ['command=check&txn_id=123456789012345678901&account=A', 'bad_request'],
    ['command=check&txn_id=12345678901234567890&account=A', 'ok'],
    ['command=check&txn_id=1', 'bad_request'],
    ['command=check&txn_id=1&account=', 'bad_account'],
    ['command=check&txn_id=1&account=DRV%20000', 'bad_account'],
    ['command=check&txn_id=1&account=DRV<1>', 'bad_account'],
    [`command=check&txn_id=1&account=${'A'.repeat(65)}`, 'bad_account'],
    [`command=check&txn_id=1&account=${'A'.repeat(64)}`, 'ok'],
    ['command=pay&txn_id=1&account=DRV1', 'bad_request'],
  ] as const)('%j → %s', (query, reason) => {
    expect(refusalOf(pspRequest(`/qiwi?${query}`))).toBe(reason);
  });

  it.each([
    ['sum=10.45', 'ok'],
    ['sum=0.01', 'ok'],
    ['sum=100000.00', 'ok'],
    ['sum=100000.01', 'amount_too_large'],
    ['sum=0.00', 'amount_too_small'],
    ['sum=0', 'amount_too_small'],
    ['sum=-5.00', 'amount_too_small'],
    ['sum=10.455', 'bad_amount'],
    ['sum=1e3', 'bad_amount'],
    ['sum=%2010', 'bad_amount'],
    ['sum=10,45', 'bad_amount'],
    ['sum=', 'bad_amount'],
    ['sum=0x10', 'bad_amount'],
    ['sum=%EF%BC%91', 'bad_amount'], // a full-width digit
    ['sum=10.45&txn_date=20241332000000', 'bad_request'],
    ['sum=10.45&txn_date=2024032514060', 'bad_request'],
  ] as const)('PAY %j → %s', (query, reason) => {
    expect(pay(query)).toBe(reason);
  });

  it('CHECK allows no sum or a zero sum, and applies the limits to a positive one', () => {
    expect(parse('/qiwi?command=check&txn_id=1&account=DRV1&sum=0.00')).toMatchObject({
      ok: true,
      command: { kind: 'check', account: 'DRV1', pspTxnId: '1' },
    });
    const noAmount = parse('/qiwi?command=check&txn_id=1&account=DRV1&sum=0.00');
    expect(noAmount.ok && 'amountMinor' in noAmount.command).toBe(false);
    expect(check('')).toBe('ok');
    expect(check('sum=-1')).toBe('amount_too_small');
    expect(check('sum=100000.01')).toBe('amount_too_large');
    expect(check('sum=abc')).toBe('bad_amount');
  });

  it.each([
    ['command=check&txn_id=1&account=A&account=B', /repeated with different values: account/],
    ['command=check&txn_id=1&account=A&account=B&sum=1&sum=2', /repeated with different values: account, sum$/],
    ['command=pay&txn_id=1&account=A&sum=0.00', /^sum below minimum$/],
    ['command=status&txn_id=1&account=A', /command must be check, pay or getInfo/],
    ['command=check&txn_id=x&account=A', /txn_id must be 1 to 20 digits/],
    ['command=pay&txn_id=1&account=A', /sum is missing/],
    ['command=pay&txn_id=1&account=A&sum=1.234', /sum must be a decimal with at most the currency minor digits/],
    ['command=pay&txn_id=1&account=A&sum=1.00&txn_date=2024', /txn_date must be a valid YYYYMMDDHHMMSS/],
  ])('says why in the refusal: %j', (query, why) => {
    const parsed = parse(`/qiwi?${query}`);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(why);
  });

  it('PAY without txn_date is accepted without paidAt', () => {
    const parsed = parse('/qiwi?command=pay&txn_id=1&account=DRV1&sum=1.00');
    expect(parsed.ok && parsed.command).toEqual({ kind: 'pay', pspTxnId: '1', account: 'DRV1', amountMinor: 100n });
  });

  it('one QIWI id in any number of leading zeros is one payment, echoed as sent', () => {
    const parsed = parse('/qiwi?command=pay&txn_id=000123&account=DRV1&sum=1.00');
    expect(parsed).toMatchObject({ ok: true, command: { pspTxnId: '123' }, context: { txnId: '000123' } });
    expect(parse('/qiwi?command=check&txn_id=0&account=DRV1')).toMatchObject({ command: { pspTxnId: '0' } });
  });
});

describe('amounts are exact', () => {
  const amountOf = (sum: string, settings: Record<string, unknown> = {}) => {
    const parsed = parse(`/qiwi?command=pay&txn_id=1&account=A&sum=${sum}`, testWallet('qiwi_qvp', 'RUB', settings));
    return parsed.ok && parsed.command.kind === 'pay' ? parsed.command.amountMinor : parsed.ok || parsed.reason;
  };

  it.each([
    ['10.45', 1045n],
    ['0.1', 10n],
    ['10.450', 1045n],
    ['10', 1000n],
    ['00010.45', 1045n],
    ['0.29', 29n], // 0.29 * 100 is 28.999999999999996 in floating point
    ['1.15', 115n],
  ])('%s → %s', (sum, minor) => {
    expect(amountOf(sum)).toBe(minor);
  });

  it('keeps precision beyond 2^53 when the wallet allows large sums', () => {
    const huge = { maxAmountMinor: '999999999999999999' };
    expect(amountOf('999999999999999.99', huge)).toBe(99_999_999_999_999_999n);
    expect(amountOf('90071992547409.93', huge)).toBe(2n ** 53n + 1n);
    const answer = adapter.render(paid('1', 2n ** 60n + 1n), undefined, pspRequest('/qiwi'));
    expect(answer.body).toContain('<sum>11529215046068469.77</sum>');
  });

  it('applies wallet limits given as integer strings', () => {
    const limits = { minAmountMinor: '1000', maxAmountMinor: '50000' };
    expect(amountOf('9.99', limits)).toBe('amount_too_small');
    expect(amountOf('10.00', limits)).toBe(1000n);
    expect(amountOf('500.00', limits)).toBe(50000n);
    expect(amountOf('500.01', limits)).toBe('amount_too_large');
  });

  it('parses in the wallet currency', () => {
    const parsed = adapter.parse(
      pspRequest('/qiwi?command=pay&txn_id=1&account=A&sum=10.45'),
      testWallet('qiwi_qvp', 'KGS'),
    );
    expect(parsed).toMatchObject({ ok: true, command: { amountMinor: 1045n } });
  });
});

describe('txn_date', () => {
  it.each([
    ['20240325140600', 180, '2024-03-25T11:06:00.000Z'],
    ['20240101000000', 180, '2023-12-31T21:00:00.000Z'],
    ['20240229235959', 0, '2024-02-29T23:59:59.000Z'],
    ['20240325140600', -300, '2024-03-25T19:06:00.000Z'],
  ])('%s at UTC%+d min → %s', (text, offset, iso) => {
    expect(parseOsmpDate(text, offset)?.toISOString()).toBe(iso);
  });

  it.each([
    '20241332000000',
    '20241301120000',
    '20240001120000',
    '20240230120000',
    '20230229120000',
    '20240431120000',
    '20240100120000',
    '20240101240000',
    '20240101126000',
    '20240101120060',
    '00990101120000',
    '19991231235959',
    '2024010112000',
    '202401011200000',
    '2024-01-01 12:00',
    '２０２４0101120000',
    '',
  ])('refuses %j', (text) => {
    expect(parseOsmpDate(text, 180)).toBeUndefined();
  });

  it('uses the wallet offset when set', () => {
    const kyiv = testWallet('qiwi_qvp', 'RUB', { txnDateUtcOffsetMinutes: 120 });
    const parsed = parse('/qiwi?command=pay&txn_id=1&account=A&sum=1&txn_date=20240325140600', kyiv);
    expect(parsed).toMatchObject({ ok: true, command: { paidAt: new Date('2024-03-25T12:06:00Z') } });
  });
});

describe('render', () => {
  const url = '/qiwi?command=check&txn_id=77&account=DRV1';
  const expectations: [Refusal, number, number][] = [
    ['bad_account', 200, 4],
    ['not_found', 200, 5],
    ['forbidden', 200, 7],
    ['unauthorized', 200, 7],
    ['amount_too_small', 200, 241],
    ['amount_too_large', 200, 242],
    ['temporary', 200, 1],
    ['conflict', 200, 300],
    ['bad_request', 200, 300],
    ['bad_amount', 200, 300],
    ['error', 200, 300],
    ['unknown_link', 404, 300],
    ['too_large', 413, 300],
  ];

  it.each(expectations)('%s after parsing → HTTP %d, result %d', (reason, status, result) => {
    const answer = answerOf(url, refused(reason));
    expect(answer.status).toBe(status);
    expect(answer.headers).toEqual({ 'Content-Type': 'text/xml; charset=utf-8' });
    const body = xml.parse(answer.body).response;
    expect(body.osmp_txn_id).toBe('77');
    expect(body.result).toBe(String(result));
    expect(body.comment).not.toContain('internal detail');
  });

  it('refusals before parsing: IP and credentials get 403 so QIWI retries; the query txn_id is echoed', () => {
    const req = pspRequest(url);
    for (const reason of ['forbidden', 'unauthorized'] as const) {
      const answer = adapter.render(refused(reason), undefined, req);
      expect(answer.status).toBe(403);
      expect(xml.parse(answer.body).response).toMatchObject({ osmp_txn_id: '77', result: '7' });
    }
    expect(adapter.render(refused('unknown_link'), undefined, req).status).toBe(404);
    expect(adapter.render(refused('too_large'), undefined, req).status).toBe(413);
    expect(adapter.render(refused('temporary'), undefined, req).status).toBe(200);
  });

  it('echoes txn_id only when it is digits', () => {
    for (const junk of ['12a', '<x>', '1%262', '', '123456789012345678901']) {
      const answer = answerOf(`/qiwi?command=check&txn_id=${junk}&account=A`, refused('bad_request'));
      expect(answer.body).not.toContain('osmp_txn_id');
      const early = adapter.render(refused('unknown_link'), undefined, pspRequest(`/qiwi?txn_id=${junk}`));
      expect(early.body).not.toContain('osmp_txn_id');
    }
  });

  it('shows the driver name only when the wallet opts in, escaped', () => {
    const outcome: Outcome = { kind: 'check_ok', driverId: 'd1', displayName: 'O\'Neil <Ivan> & "Co"\r' };
    expect(answerOf(url, outcome).body).not.toContain('fields');
    const optIn = testWallet('qiwi_qvp', 'RUB', { exposeDriverName: true });
    const req = pspRequest(url);
    const body = adapter.render(outcome, adapter.parse(req, optIn).context, req).body;
    expect(body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<response><osmp_txn_id>77</osmp_txn_id><result>0</result>' +
        '<fields><field1 name="name">O&apos;Neil &lt;Ivan&gt; &amp; &quot;Co&quot;&#13;</field1></fields>' +
        '<comment>OK</comment></response>',
    );
    expect(XMLValidator.validate(body)).toBe(true);
    expect(xml.parse(body).response.fields.field1['#text']).toBe('O\'Neil <Ivan> & "Co"\r');
  });

  it('drops characters XML cannot carry', () => {
    const optIn = testWallet('qiwi_qvp', 'RUB', { exposeDriverName: true });
    const req = pspRequest(url);
    const outcome: Outcome = { kind: 'check_ok', driverId: 'd1', displayName: 'A\u0000B\u001bC\uD800D\uFFFEE😀' };
    const body = adapter.render(outcome, adapter.parse(req, optIn).context, req).body;
    expect(XMLValidator.validate(body)).toBe(true);
    expect(body).toContain('>ABCDE😀</field1>');
  });

  it('escapes our own transaction id too', () => {
    const body = answerOf(QIWI_SAMPLES.pay.url, paid('a<b>&c')).body;
    expect(body).toContain('<prv_txn>a&lt;b&gt;&amp;c</prv_txn>');
  });

  it('still answers 0 for an accepted payment in a currency it cannot format', () => {
    const outcome: Outcome = payAccepted({ prvTxn: '9', pspTxnId: '1', amountMinor: 1n, currency: 'XXX' });
    const answer = answerOf(QIWI_SAMPLES.pay.url, outcome);
    expect(answer.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<response><osmp_txn_id>1234567</osmp_txn_id><prv_txn>9</prv_txn>' +
        '<result>0</result><comment>OK</comment></response>',
    );
  });

  it('answers a refusal without any txn_id with no echo at all', () => {
    const answer = adapter.render(refused('unknown_link'), undefined, pspRequest('/qiwi?command=check'));
    expect(answer.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<response><result>300</result><comment>' +
        xml.parse(answer.body).response.comment +
        '</comment></response>',
    );
  });

  it('answers an outcome OSMP has no command for as a provider error (300), never a throw', () => {
    const unexpected = { kind: 'status', payment: undefined } as unknown as Outcome;
    const answer = answerOf(url, unexpected);
    expect(answer.status).toBe(200);
    expect(xml.parse(answer.body).response).toEqual({
      osmp_txn_id: '77',
      result: '300',
      comment: xml.parse(answerOf(url, refused('error')).body).response.comment,
    });
    expect(xml.parse(answer.body).response.comment).not.toBe('');
  });
});

describe('wallet settings', () => {
  const check = '/qiwi?command=check&txn_id=1&account=ab-12';
  const verdict = (settings: Record<string, unknown>, w = testWallet('qiwi_qvp', 'RUB', settings)) => ({
    verify: adapter.verify(pspRequest(check), w).ok,
    parse: refusalOf(pspRequest(check), w),
  });

  it('accepts a valid account pattern, always as a whole-string match', () => {
    expect(verdict({ accountPattern: '[a-z]{2}-\\d{2}' })).toEqual({ verify: true, parse: 'ok' });
    expect(verdict({ accountPattern: '\\d{2}' })).toEqual({ verify: true, parse: 'bad_account' });
    expect(verdict({ accountPattern: 'ab|xx' })).toEqual({ verify: true, parse: 'bad_account' });
  });

  it.each([
    [{ accountPattern: '([a-z' }],
    [{ accountPattern: 'a)|(b' }], // would escape the anchors if wrapped without checking
    [{ accountPattern: '' }],
    [{ accountPattern: 42 }],
    [{ minAmountMinor: 10 }],
    [{ minAmountMinor: '1.5' }],
    [{ minAmountMinor: '-1' }],
    [{ minAmountMinor: '500', maxAmountMinor: '100' }],
    [{ txnDateUtcOffsetMinutes: '180' }],
    [{ txnDateUtcOffsetMinutes: 10000 }],
    [{ exposeDriverName: 'yes' }],
    [{ paramNames: { txnId: 'id' } }],
    [{ paramNames: { account: '' } }],
    [{ paramNames: { account: 'txn_id' } }],
    [{ paramNames: 'account' }],
  ])('refuses the misconfigured %j: verify forbidden, parse error', (settings) => {
    expect(verdict(settings)).toEqual({ verify: false, parse: 'error' });
  });

  it('refuses a wallet with an unsupported currency or of another PSP', () => {
    expect(verdict({}, testWallet('qiwi_qvp', 'XXX'))).toEqual({ verify: false, parse: 'error' });
    expect(verdict({}, testWallet('qiwi_md', 'MDL'))).toEqual({ verify: false, parse: 'error' });
  });

  it('ignores settings that belong to others and nulls', () => {
    expect(verdict({ ipAllowList: ['10.0.0.0/8'], accountPattern: null, other: { x: 1 } })).toEqual({
      verify: true,
      parse: 'ok',
    });
  });

  it('keeps the echo on a misconfigured wallet', () => {
    const req = pspRequest(check);
    const parsed = adapter.parse(req, testWallet('qiwi_qvp', 'RUB', { accountPattern: '(' }));
    expect(parsed.context).toEqual<OsmpContext>({ txnId: '1', exposeDriverName: false });
  });
});
