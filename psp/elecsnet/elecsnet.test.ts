import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { payAccepted } from '../fixtures';
import { postForm, testWallet } from '../osmp/fixtures/http';
import type { Outcome, PspRequest, Refusal, WalletContext } from '../types';
import { ansidText } from './answer-text';
import { ELECSNET_SAMPLES, testKeyPairs } from './fixtures/samples';
import { elecsnetAdapter as adapter } from './index';
import { elecsnetSimulator } from './simulator';

const keys = testKeyPairs();
const walletWith = (
  settings: Record<string, unknown> = {},
  credentials: Record<string, string> = keys.credentials,
): WalletContext => ({
  ...testWallet('elecsnet', 'RUB', settings),
  credentials,
});
const wallet = walletWith();
const signHex = (payload: string | Buffer, pem = keys.simKeys.pspPrivateKey) =>
  sign('md5', Buffer.from(payload), createPrivateKey(pem)).toString('hex').toUpperCase();
const signed = (payload: string): PspRequest => postForm('/elecsnet', `${payload}&signature=${signHex(payload)}`);
const refusalOf = (payload: string, w = wallet): Refusal | 'ok' => {
  const parsed = adapter.parse(signed(payload), w);
  return parsed.ok ? 'ok' : parsed.reason;
};
const answerOf = (payload: string, outcome: Outcome, w = wallet) => {
  const req = signed(payload);
  return adapter.render(outcome, adapter.parse(req, w).context, req, w);
};
/** Our answer without its signature, after checking the signature with our public key. */
function unsigned(body: string): string {
  const at = body.indexOf('&signature=');
  const text = body.slice(0, at);
  const result = elecsnetSimulator.read('check', { status: 200, headers: {}, body }, keys.simKeys);
  expect(result.signatureValid).toBe(true);
  return text;
}

describe('canonical samples (README: Samples)', () => {
  it('CHECK verifies, parses and gets a signed 00 answer; the name only when the wallet opts in', () => {
    const req = signed(ELECSNET_SAMPLES.check.payload);
    expect(adapter.verify(req, wallet)).toEqual({ ok: true });
    expect(adapter.parse(req, wallet)).toMatchObject({ ok: true, command: { kind: 'check', account: '00101493' } });
    const found: Outcome = { kind: 'check_ok', driverId: 'd', displayName: 'Иванов Иван' };
    const answer = answerOf(ELECSNET_SAMPLES.check.payload, found);
    expect(answer.status).toBe(200);
    expect(unsigned(answer.body)).toBe(ELECSNET_SAMPLES.check.answer);
    expect(unsigned(answerOf(ELECSNET_SAMPLES.check.payload, found, walletWith({ exposeDriverName: true })).body)).toBe(
      ELECSNET_SAMPLES.check.answerWithName,
    );
    expect(
      unsigned(answerOf(ELECSNET_SAMPLES.check.payload, { kind: 'refused', reason: 'not_found', message: 'x' }).body),
    ).toBe(ELECSNET_SAMPLES.notFound);
  });

  it('PAY: kopecks by default, rubles when the wallet says major; 00, then 01 for the identical repeat', () => {
    expect(adapter.parse(signed(ELECSNET_SAMPLES.pay.payload), wallet)).toMatchObject({
      ok: true,
      command: { kind: 'pay', pspTxnId: '778899001', account: '00101493', amountMinor: 50000n },
    });
    const rubles = walletWith({ amountUnit: 'major', maxAmountMinor: '10000000' });
    expect(adapter.parse(signed(ELECSNET_SAMPLES.pay.payload), rubles)).toMatchObject({
      ok: true,
      command: { amountMinor: 5_000_000n },
    });
    const first = answerOf(ELECSNET_SAMPLES.pay.payload, payAccepted());
    expect(unsigned(first.body)).toBe(ELECSNET_SAMPLES.pay.answer);
    const repeat = answerOf(ELECSNET_SAMPLES.pay.payload, payAccepted({}, true));
    expect(unsigned(repeat.body)).toBe(ELECSNET_SAMPLES.pay.duplicate);
    expect(answerOf(ELECSNET_SAMPLES.pay.payload, payAccepted({}, true))).toEqual(repeat);
    const quiet = walletWith({ duplicateAnsCode: '00' });
    expect(unsigned(answerOf(ELECSNET_SAMPLES.pay.payload, payAccepted({}, true), quiet).body)).toBe(
      ELECSNET_SAMPLES.pay.answer,
    );
  });
});

describe('signature', () => {
  const verdict = (req: PspRequest, w = wallet) => {
    const v = adapter.verify(req, w);
    return v.ok || v.reason;
  };
  const payload = ELECSNET_SAMPLES.pay.payload;

  it('is checked over the exact bytes before the first &signature=, hex in either case, a trailing line break tolerated', () => {
    expect(verdict(postForm('/e', `${payload}&signature=${signHex(payload).toLowerCase()}`))).toBe(true);
    expect(verdict(postForm('/e', `${payload}&signature=${signHex(payload)}\r\n`))).toBe(true);
    const cp1251 = Buffer.concat([Buffer.from('type=1&reqid='), Buffer.from([0xc8, 0xc2])]);
    expect(verdict(postForm('/e', Buffer.concat([cp1251, Buffer.from(`&signature=${signHex(cp1251)}`)])))).toBe(true);
  });

  it.each([
    ['no signature', payload],
    ['empty signature', `${payload}&signature=`],
    ['changed amount', `${payload.replace('50000', '50001')}&signature=${signHex(payload)}`],
    [
      'signed by someone else',
      `${payload}&signature=${signHex(payload, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())}`,
    ],
    ['not hex', `${payload}&signature=ZZ${signHex(payload).slice(2)}`],
    ['odd length', `${payload}&signature=${signHex(payload).slice(1)}`],
    ['field after the signature', `${payload}&signature=${signHex(payload)}&amount=1`],
  ])('refuses %s', (_name, body) => {
    expect(verdict(postForm('/e', body))).toBe('unauthorized');
  });

  it('refuses every call to a wallet without a usable Elecsnet key, and one with unusable settings', () => {
    const req = signed(payload);
    expect(verdict(req, walletWith({}, {}))).toBe('unauthorized');
    expect(verdict(req, walletWith({}, { pspPublicKey: 'not a key' }))).toBe('unauthorized');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(verdict(req, walletWith({}, { pspPublicKey: ec }))).toBe('unauthorized');
    expect(verdict(req, walletWith({ amountUnit: 'rubles' }))).toBe('forbidden');
  });

  it('our answers are signed with our key; unsigned when the wallet has none or is unknown', () => {
    const ourPublic = createPublicKey(createPrivateKey(keys.credentials.ourPrivateKey))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(ourPublic).toBe(keys.simKeys.ourPublicKey);
    const bare = answerOf(
      ELECSNET_SAMPLES.pay.payload,
      payAccepted(),
      walletWith({}, { pspPublicKey: keys.credentials.pspPublicKey }),
    );
    expect(bare.body).toBe(ELECSNET_SAMPLES.pay.answer);
    const early = adapter.render({ kind: 'refused', reason: 'too_large', message: 'x' }, undefined, postForm('/e', ''));
    expect(early).toMatchObject({ status: 413, body: 'ans_code=62&ansid=Bad_request&message=Error' });
  });
});

describe('refusals', () => {
  it.each([
    ['', 'bad_request'],
    ['type=3&reqid=1', 'bad_request'],
    ['type=1', 'bad_request'],
    ['type=1&reqid=1&reqid=2', 'bad_request'],
    ['TYPE=1&REQID=DRV1', 'ok'],
    ['type=1&reqid=DRV%201', 'bad_account'],
    ['type=2&reqid=1&amount=100&currency=643', 'bad_request'],
    ['type=2&reqid=1&auth_code=9&amount=100', 'bad_request'],
    ['type=2&reqid=1&auth_code=9&amount=100&currency=840', 'bad_request'],
    ['type=2&reqid=1&auth_code=9&amount=100&currency=810', 'ok'],
    ['type=2&reqid=1&auth_code=9&currency=643', 'bad_request'],
    ['type=2&reqid=1&auth_code=9&amount=10.00&currency=643', 'bad_amount'],
    ['type=2&reqid=1&auth_code=9&amount=1e3&currency=643', 'bad_amount'],
    ['type=2&reqid=1&auth_code=9&amount=0&currency=643', 'amount_too_small'],
    ['type=2&reqid=1&auth_code=9&amount=-100&currency=643', 'amount_too_small'],
    ['type=2&reqid=1&auth_code=9&amount=10000001&currency=643', 'amount_too_large'],
    ['type=2&reqid=1&auth_code=a%26b&amount=1&currency=643', 'bad_request'],
  ] as const)('%j → %s', (payload, reason) => {
    expect(refusalOf(payload)).toBe(reason);
  });

  it.each([
    ['not_found', '48'],
    ['bad_account', '48'],
    ['conflict', '62'],
    ['bad_amount', '62'],
    ['temporary', '62'],
    ['error', '62'],
  ] as const)('%s → ans_code %s, HTTP 200, signed, nothing echoed', (reason, code) => {
    const answer = answerOf(ELECSNET_SAMPLES.pay.payload, { kind: 'refused', reason, message: '<leak/>' });
    expect(answer.status).toBe(200);
    expect(unsigned(answer.body)).toMatch(new RegExp(`^ans_code=${code}&`));
    expect(answer.body).not.toContain('leak');
  });
});

describe('ansid text', () => {
  it.each([
    ['Иванов Иван', 'Ivanov_Ivan'],
    ['Щукин-Ёлкин', 'Shchukin=Elkin'],
    ['A&b=c[b]<x>', 'Ab=cbx'],
    ['x'.repeat(150), 'x'.repeat(100)],
  ])('%j → %j', (text, ansid) => {
    expect(ansidText(text)).toBe(ansid);
  });
});
