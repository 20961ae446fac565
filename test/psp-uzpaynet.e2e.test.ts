import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, type Harness } from '../testkit/harness';
import { expectLedger, ledgerOf } from './support/ledger';
import { clearFaults, seedDrivers, setFaults } from '../testkit/neighbours';

// UzPaynet's SOAP provider web service end to end, driven only through the Paynet simulator over real HTTP.
let h: Harness;
let parkId: string;
let link: string;
let walletId: string;
const sim = getSimulator('uzpaynet')!;
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
const keys: SimKeys = { username: 'paynet', password: `test-password-${Date.now()}` };
let txnSeq = Date.now() % 1e12;
const args = (over: Partial<SimArgs> = {}): SimArgs => ({
  account: 'DRV000123',
  amount: '50000',
  txnId: String(++txnSeq),
  extra: {},
  ...over,
});
const call = (operation: string, a: SimArgs, k: SimKeys = keys, url = link) => simulate(sim, url, operation, a, k);

/** `credentials: null` makes a wallet without any. */
async function paynetWallet(settings: Record<string, unknown>, credentials: Record<string, string> | null = keys) {
  const wallet = await h.api('POST', `/v1/parks/${parkId}/wallets`, {
    psp: 'uzpaynet',
    name: 'Paynet',
    currency: 'UZS',
    settings,
    credentials: credentials ?? undefined,
  });
  if (wallet.status !== 201) throw new Error(`wallet create → ${wallet.status} ${JSON.stringify(wallet.body)}`);
  const issued = await h.api('POST', `/v1/parks/${parkId}/wallets/${wallet.body.id}/link`);
  return {
    walletId: wallet.body.id as string,
    link: (issued.body.url as string).replace(h.config.PUBLIC_CALLBACK_BASE_URL, h.externalUrl),
  };
}

const transactionsOf = (pspTxnId: string, wallet = walletId) =>
  h.sys.db.transaction.findMany({ where: { parkId, walletId: wallet, pspTxnId } });
const finished = (pspTxnId: string, state: 'processed' | 'rejected') =>
  eventually(
    () => transactionsOf(pspTxnId),
    (rows) => rows[0]?.state === state,
  );
const listOf = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  ({ link, walletId } = await paynetWallet({ ipAllowList: LOOPBACK }));
  const drivers = ['DRV000123', 'DRV000124', 'DRV000125', 'DRV000126', 'DRV000127', 'DRV000128'].map((id) => ({
    park_id: parkId,
    id,
    display_name: `Driver ${id}`,
  }));
  const fired = { park_id: parkId, id: 'DRV-FIRED', display_name: 'Fired Driver' };
  await seedDrivers(h.driverProfilesUrl, [...drivers, { ...fired, status: 'fired' }]);
  await seedDrivers(h.billingUrl, [...drivers, fired]);
});
afterAll(() => h?.close());

async function refusedWithoutTransaction(operation: string, a: SimArgs, status: string, k: SimKeys = keys) {
  const { answer, result } = await call(operation, a, k);
  expect(answer.status).toBe(200);
  expect(result.code).toBe(status);
  expect(await transactionsOf(a.txnId)).toHaveLength(0);
}

describe('WSDL and GetInformation', () => {
  it('serves the WSDL at <link>?wsdl, to listed addresses only', async () => {
    const { answer, result } = await call('wsdl', args());
    expect(result.ok).toBe(true);
    expect(answer.headers['content-type']).toMatch(/text\/xml/);
    const unlisted = await paynetWallet({});
    const fenced = await call('wsdl', args(), keys, unlisted.link);
    expect(fenced.answer.status).toBe(403);
    expect(fenced.answer.body).toContain('Fault');
  });

  it('answers 0 for a driver of the park and 302 for an unknown one, without side effects', async () => {
    const known = await call('check', args());
    expect([known.answer.status, known.result.code]).toEqual([200, '0']);
    expect(known.answer.body).not.toContain('Driver DRV000123');
    expect((await call('check', args({ account: 'NOBODY' }))).result.code).toBe('302');
    expect(await h.sys.db.transaction.count({ where: { walletId } })).toBe(0);
  });

  it('a fired driver is no client to Paynet: 302 at GetInformation and at PerformTransaction, nothing recorded', async () => {
    expect((await call('check', args({ account: 'DRV-FIRED' }))).result.code).toBe('302');
    await refusedWithoutTransaction('pay', args({ account: 'DRV-FIRED' }), '302');
    await expectLedger(h, parkId, 'DRV-FIRED', { credits: 0, records: 0, reversals: 0, balance: 0n });
  });
});

describe('PerformTransaction', () => {
  it('credits exactly 50 000 UZS as 5 000 000 tiyin, once; a repeat gets 201 with the same providerTrnId', async () => {
    const a = args({ account: 'DRV000124', date: new Date('2024-03-25T09:06:00.000Z') });
    const first = await call('pay', a);
    expect([first.answer.status, first.result.code]).toEqual([200, '0']);
    const [row] = await finished(a.txnId, 'processed');
    expect(first.result.prvTxn).toBe(row!.id.toString());
    expect(row!.amountMinor).toBe(5_000_000n);
    expect(row!.pspPaidAt?.toISOString()).toBe('2024-03-25T09:06:00.000Z');
    const repeat = await call('pay', a);
    expect([repeat.result.code, repeat.result.prvTxn]).toEqual(['201', first.result.prvTxn]);
    expect(await transactionsOf(a.txnId)).toHaveLength(1);
    await expectLedger(h, parkId, 'DRV000124', { credits: 1, records: 1, reversals: 0, balance: 5_000_000n });
  });

  it('20 concurrent copies make one transaction and one credit: one 0, the rest 201, all with one providerTrnId', async () => {
    const a = args({ account: 'DRV000125', amount: '7000' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('pay', a)));
    expect(answers.map((x) => x.result.code).sort()).toEqual(['0', ...Array<string>(19).fill('201')]);
    expect(new Set(answers.map((x) => x.result.prvTxn)).size).toBe(1);
    await finished(a.txnId, 'processed');
    await expectLedger(h, parkId, 'DRV000125', { credits: 1, records: 1, reversals: 0, balance: 700_000n });
  });

  it.each([['abc'], ['10.5'], ['-500'], ['0'], ['99999999999999999999']])(
    'amount %s is refused with 413 and no transaction',
    async (amountTiyin) => {
      await refusedWithoutTransaction('pay', args({ extra: { amountTiyin } }), '413');
    },
  );

  it('an unknown driver gets 302, a reused transactionId with another amount 102, neither credits', async () => {
    await refusedWithoutTransaction('pay', args({ account: 'NOBODY' }), '302');
    const a = args({ account: 'DRV000126', amount: '100' });
    await call('pay', a);
    expect((await call('pay', { ...a, amount: '200' })).result.code).toBe('102');
    expect(await transactionsOf(a.txnId)).toHaveLength(1);
  });
});

describe('refusals in the contract’s envelope, never a 5xx', () => {
  it('bad credentials, a wallet without credentials and an unlisted address get 601', async () => {
    await refusedWithoutTransaction('pay', args(), '601', { ...keys, password: 'guess' });
    await refusedWithoutTransaction('pay', args(), '601', { username: 'someone', password: keys.password! });
    const bare = await paynetWallet({ ipAllowList: LOOPBACK }, null);
    expect((await call('pay', args(), keys, bare.link)).result.code).toBe('601');
    const unlisted = await paynetWallet({});
    expect((await call('pay', args(), keys, unlisted.link)).result.code).toBe('601');
    expect(await h.sys.db.transaction.count({ where: { walletId: { in: [bare.walletId, unlisted.walletId] } } })).toBe(
      0,
    );
  });

  it('another serviceId gets 502 when the park set its own', async () => {
    const strict = await paynetWallet({ ipAllowList: LOOPBACK, serviceId: '4021' });
    expect((await call('check', args({ extra: { serviceId: '1' } }), keys, strict.link)).result.code).toBe('502');
    expect((await call('check', args({ extra: { serviceId: '4021' } }), keys, strict.link)).result.code).toBe('0');
  });

  it.each([
    ['malformed XML', '<soapenv:Envelope><soapenv:Body><PerformTransactionArguments>'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
    ['form data', 'command=pay&txn_id=1&account=DRV000123&sum=1.00'],
  ])('%s gets a SOAP Client fault at 400', async (_label, body) => {
    const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<faultcode>soapenv:Client</faultcode>');
  });

  it('an oversized body gets a fault at 413 and creates nothing', async () => {
    const { request } = await call('check', args());
    const body = request.body!.replace(
      '<soapenv:Header/>',
      `<soapenv:Header><pad>${'x'.repeat(h.config.MAX_BODY_BYTES)}</pad></soapenv:Header>`,
    );
    const res = await fetch(link, { method: 'POST', headers: request.headers, body });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Request too large');
  });
});

describe('CheckTransaction, CancelTransaction, GetStatement', () => {
  it('a cancel after the credit reverses it; states, repeats and the statement follow', async () => {
    const kept = args({ account: 'DRV000127', amount: '1500', date: new Date() });
    const cancelled = args({ account: 'DRV000127', amount: '2500', date: new Date() });
    const keptAnswer = await call('pay', kept);
    await call('pay', cancelled);
    const [row] = await finished(cancelled.txnId, 'processed');
    await finished(kept.txnId, 'processed');
    expect((await call('status', cancelled)).result).toMatchObject({
      code: '0',
      prvTxn: row!.id.toString(),
      parsed: { transactionState: '1' },
    });

    const cancel = await call('cancel', cancelled);
    expect(cancel.result).toMatchObject({ code: '0', parsed: { transactionState: '2' } });
    await finished(cancelled.txnId, 'rejected');
    await expectLedger(h, parkId, 'DRV000127', { credits: 2, records: 2, reversals: 1, balance: 150_000n });
    expect((await call('cancel', cancelled)).result).toMatchObject({ code: '202', parsed: { transactionState: '2' } });
    expect((await call('status', cancelled)).result.parsed).toMatchObject({ transactionState: '2' });
    expect((await call('status', args())).result.code).toBe('305');
    expect((await call('cancel', args())).result.code).toBe('305');

    const statement = await call('statement', args());
    expect(statement.result.code).toBe('0');
    const lines = listOf(
      (statement.result.parsed as { statements?: Record<string, string> | Array<Record<string, string>> }).statements,
    );
    expect(lines.map((l) => l.transactionId)).toContain(kept.txnId);
    expect(lines.map((l) => l.transactionId)).not.toContain(cancelled.txnId);
    expect(lines.find((l) => l.transactionId === kept.txnId)).toMatchObject({
      amount: '150000',
      providerTrnId: keptAnswer.result.prvTxn,
    });
  });

  it('a cancel while billing is down still ends with nothing credited on balance', async () => {
    await setFaults(h.billingUrl, { status: 503, times: 2, paths: ['/v1/credits'] });
    try {
      const a = args({ account: 'DRV000128', amount: '900' });
      expect((await call('pay', a)).result.code).toBe('0');
      expect((await call('cancel', a)).result.code).toBe('0');
      await finished(a.txnId, 'rejected');
      // Dropped before the credit or reversed after it, depending on when the cancel lands: either way, nothing kept.
      const ledger = await ledgerOf(h, parkId, 'DRV000128');
      expect(ledger.balance).toBe(0n);
      expect(ledger.reversalIds).toHaveLength(ledger.creditIds.length);
      expect(ledger.recordIds).toHaveLength(ledger.creditIds.length);
      expect(ledger.reversalRecordIds).toHaveLength(ledger.creditIds.length);
      expect((await call('status', a)).result.parsed).toMatchObject({ transactionState: '2' });
    } finally {
      await clearFaults(h.billingUrl);
    }
  });
});
