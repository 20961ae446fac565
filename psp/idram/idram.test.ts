import { payAccepted } from '../fixtures';
import { postForm, pspRequest } from '../osmp/fixtures/http';
import type { Outcome, PspRequest, Refusal, WalletContext } from '../types';
import { IDRAM_SAMPLES, REC_ACCOUNT, TEST_SECRET_KEY } from './fixtures/samples';
import { idramAdapter as adapter } from './index';
import { idramChecksum } from './checksum';

function idramWallet(
  settings: Record<string, unknown> = {},
  credentials: Record<string, string> = { secretKey: TEST_SECRET_KEY },
): WalletContext {
  return {
    id: 'w1',
    parkId: 'p1',
    psp: 'idram',
    currency: 'AMD',
    settings: { recAccount: REC_ACCOUNT, ...settings },
    credentials,
  };
}
const topWallet = idramWallet({ billNoPattern: 'TOP-(?<account>\\d{6})' });

/** A confirmation of `fields` over the sample's, signed with the test key unless a checksum is given. */
function confirmation(fields: Record<string, string> = {}, secretKey = TEST_SECRET_KEY): string {
  const f = {
    EDP_BILL_NO: 'DRV000123-a1b2',
    EDP_REC_ACCOUNT: REC_ACCOUNT,
    EDP_PAYER_ACCOUNT: '100012345',
    EDP_AMOUNT: '5000.00',
    EDP_TRANS_ID: '01234567890123',
    EDP_TRANS_DATE: '25/03/2024',
    ...fields,
  };
  const EDP_CHECKSUM =
    fields.EDP_CHECKSUM ??
    idramChecksum({
      recAccount: f.EDP_REC_ACCOUNT,
      amount: f.EDP_AMOUNT,
      secretKey,
      billNo: f.EDP_BILL_NO,
      payerAccount: f.EDP_PAYER_ACCOUNT,
      transId: f.EDP_TRANS_ID,
      transDate: f.EDP_TRANS_DATE,
    });
  return new URLSearchParams({ ...f, EDP_CHECKSUM }).toString();
}

function refusalOf(req: PspRequest, wallet = idramWallet()): Refusal | 'ok' {
  const parsed = adapter.parse(req, wallet);
  return parsed.ok ? 'ok' : parsed.reason;
}
const verdictOf = (req: PspRequest, wallet = idramWallet()) => adapter.verify(req, wallet);
const post = (body: string) => postForm('/psp/idram/***', body);
const refused = (reason: Refusal): Outcome => ({ kind: 'refused', reason, message: 'internal detail' });

describe('canonical samples (README: Samples)', () => {
  it('the precheck is a CHECK of the bill, answered with plain OK', () => {
    const req = post(IDRAM_SAMPLES.precheck.body);
    expect(verdictOf(req, topWallet)).toEqual({ ok: true });
    expect(adapter.parse(req, topWallet)).toEqual({
      ok: true,
      command: { kind: 'check', account: '000123', amountMinor: 500000n },
      context: undefined,
    });
    const answer = adapter.render({ kind: 'check_ok', driverId: '000123' }, undefined, req);
    expect(answer).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: IDRAM_SAMPLES.precheck.answer,
    });
  });

  it('the confirmation is a PAY keyed on EDP_TRANS_ID, answered OK, the repeat identically', () => {
    const req = post(IDRAM_SAMPLES.confirmation.body);
    expect(verdictOf(req, topWallet)).toEqual({ ok: true });
    expect(adapter.parse(req, topWallet)).toEqual({
      ok: true,
      command: { kind: 'pay', pspTxnId: '01234567890123', account: '000123', amountMinor: 500000n },
      context: undefined,
    });
    const first = adapter.render(payAccepted({ currency: 'AMD' }), undefined, req);
    expect(first.body).toBe(IDRAM_SAMPLES.confirmation.answer);
    expect(adapter.render(payAccepted({ currency: 'AMD' }, true), undefined, req)).toEqual(first);
  });

  it('a wrong checksum is refused before parsing, with the guide text', () => {
    const req = post(IDRAM_SAMPLES.confirmation.body.replace('07f113f3', '17f113f3'));
    expect(verdictOf(req, topWallet)).toMatchObject({ ok: false, reason: 'unauthorized' });
    expect(adapter.render(refused('unauthorized'), undefined, req).body).toBe(IDRAM_SAMPLES.badChecksumAnswer);
  });
});

describe('checksum', () => {
  it('is compared case-insensitively', () => {
    const body = confirmation();
    const upper = body.replace(/EDP_CHECKSUM=([0-9a-f]+)/, (_m, hex: string) => `EDP_CHECKSUM=${hex.toUpperCase()}`);
    expect(refusalOf(post(upper))).toBe('ok');
  });

  it.each([
    ['another secret', confirmation({}, 'other-secret')],
    ['a changed amount', confirmation().replace('EDP_AMOUNT=5000.00', 'EDP_AMOUNT=50000.00')],
    ['a changed bill', confirmation().replace('DRV000123-a1b2', 'DRV000124-a1b2')],
    ['a short checksum', confirmation({ EDP_CHECKSUM: 'abc' })],
    ['a non-hex checksum', confirmation({ EDP_CHECKSUM: 'z'.repeat(32) })],
  ])('refuses %s as unauthorized', (_why, body) => {
    expect(verdictOf(post(body))).toMatchObject({ ok: false, reason: 'unauthorized' });
    expect(refusalOf(post(body))).toBe('unauthorized');
  });

  it('is computed with our REC_ACCOUNT: a foreign one is refused even when signed with it', () => {
    expect(verdictOf(post(confirmation({ EDP_REC_ACCOUNT: '999' })))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(refusalOf(post('EDP_PRECHECK=YES&EDP_BILL_NO=DRV1&EDP_REC_ACCOUNT=999&EDP_AMOUNT=1.00'))).toBe('forbidden');
  });

  it('without a secretKey credential nothing passes, not even the precheck', () => {
    expect(verdictOf(post(confirmation()), idramWallet({}, {}))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(verdictOf(post(IDRAM_SAMPLES.precheck.body), idramWallet({}, {}))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
  });
});

describe('bill number → driver', () => {
  it('by default the bill is the driver id, optionally with a -suffix', () => {
    const pay = (billNo: string) => adapter.parse(post(confirmation({ EDP_BILL_NO: billNo })), idramWallet());
    expect(pay('DRV000123')).toMatchObject({ ok: true, command: { account: 'DRV000123' } });
    expect(pay('DRV000123-7f3a9c')).toMatchObject({ ok: true, command: { account: 'DRV000123' } });
    expect(pay('DRV 1;DROP')).toMatchObject({ ok: false, reason: 'bad_account' });
    expect(pay('DRV1-a-b')).toMatchObject({ ok: false, reason: 'bad_account' });
  });

  it('a park may set its own pattern, and a pattern without an account group is a misconfiguration', () => {
    const wallet = idramWallet({ billNoPattern: '(?<account>[A-Z0-9-]+)/\\d+' });
    expect(adapter.parse(post(confirmation({ EDP_BILL_NO: 'DRV-7/42' })), wallet)).toMatchObject({
      ok: true,
      command: { account: 'DRV-7' },
    });
    for (const billNoPattern of ['DRV\\d+', 'a)|(b', '(?<account>[']) {
      expect(verdictOf(post(confirmation()), idramWallet({ billNoPattern }))).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
    }
  });
});

describe('amounts (AMD, two decimals, exact)', () => {
  it.each([
    ['5000', 500000n],
    ['5000.5', 500050n],
    ['0.01', 1n],
    ['1000000.00', 100000000n],
  ])('%s → %s minor units', (amount, minor) => {
    expect(adapter.parse(post(confirmation({ EDP_AMOUNT: amount })), idramWallet())).toMatchObject({
      ok: true,
      command: { amountMinor: minor },
    });
  });

  it.each([
    ['5000,00', 'bad_amount'],
    ['50.001', 'bad_amount'],
    ['1e3', 'bad_amount'],
    ['', 'bad_amount'],
    ['-1.00', 'amount_too_small'],
    ['0.00', 'amount_too_small'],
    ['1000000.01', 'amount_too_large'],
  ])('%s is refused as %s, after the checksum passed', (amount, reason) => {
    expect(verdictOf(post(confirmation({ EDP_AMOUNT: amount })))).toEqual({ ok: true });
    expect(refusalOf(post(confirmation({ EDP_AMOUNT: amount })))).toBe(reason);
  });

  it('limits are per wallet', () => {
    const wallet = idramWallet({ minAmountMinor: '100000', maxAmountMinor: '200000' });
    expect(refusalOf(post(confirmation({ EDP_AMOUNT: '999.99' })), wallet)).toBe('amount_too_small');
    expect(refusalOf(post(confirmation({ EDP_AMOUNT: '2000.01' })), wallet)).toBe('amount_too_large');
  });
});

describe('transport and settings', () => {
  it('reads only an urlencoded POST body', () => {
    expect(refusalOf(pspRequest(`/psp/idram/***?${confirmation()}`))).toBe('bad_request');
    expect(refusalOf(postForm('/psp/idram/***', confirmation(), 'application/json'))).toBe('bad_request');
  });

  it('refuses a field repeated with different values, missing fields and a stray EDP_PRECHECK', () => {
    expect(refusalOf(post(`${confirmation()}&EDP_AMOUNT=1.00`))).toBe('bad_request');
    expect(refusalOf(post(`${confirmation()}&EDP_AMOUNT=5000.00`))).toBe('ok');
    expect(refusalOf(post('EDP_PRECHECK=YES&EDP_REC_ACCOUNT=110000601'))).toBe('bad_request');
    expect(refusalOf(post(confirmation({ EDP_PAYER_ACCOUNT: '' }).replace('EDP_PAYER_ACCOUNT=&', '')))).toBe(
      'bad_request',
    );
    expect(refusalOf(post(`EDP_PRECHECK=NO&${confirmation()}`))).toBe('bad_request');
  });

  it('a malformed call passes verify and is refused by parse as a bad request', () => {
    expect(verdictOf(post('garbage'))).toEqual({ ok: true });
    expect(refusalOf(post('garbage'))).toBe('bad_request');
  });

  it('refuses wallets it cannot serve: no recAccount, another currency, bad limits', () => {
    const bad: WalletContext[] = [
      { ...idramWallet(), settings: {} },
      { ...idramWallet(), currency: 'USD' },
      idramWallet({ minAmountMinor: '5', maxAmountMinor: '4' }),
      idramWallet({ recAccount: 110000601 }),
    ];
    for (const wallet of bad)
      expect(verdictOf(post(confirmation()), wallet)).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});

describe('answers', () => {
  it('say OK only for a passed check or an accepted payment', () => {
    const req = post(confirmation());
    for (const reason of ['not_found', 'conflict', 'bad_request', 'forbidden'] as const) {
      const answer = adapter.render(refused(reason), undefined, req);
      expect(answer.status).toBe(200);
      expect(answer.body).not.toBe('OK');
      expect(answer.body).not.toContain('internal detail');
    }
    expect(adapter.render(refused('temporary'), undefined, req).status).toBe(503);
    expect(adapter.render(refused('too_large'), undefined, req).status).toBe(413);
    expect(adapter.render({ kind: 'pong' }, undefined, req).body).not.toBe('OK');
  });
});
