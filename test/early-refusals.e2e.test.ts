import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { PspCode } from '../domain/psp-codes';
import { testKeyPairs } from '../psp/elecsnet/fixtures/samples';
import { MANIFESTS, type ListedManifest } from '../psp/manifests';
import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { clearFaults, seedDrivers, setFaults } from '../testkit/neighbours';
import { issueInvoice } from './support/invoices';
import { expectLedger } from './support/ledger';
import { LOOPBACK } from './support/psp-terminals';

// What billing would refuse after a success answer is refused before it, on every PSP in its own code: a driver
// billing blocks, and a wallet paying in another currency than the driver's balance. Nothing is recorded, nothing
// credited. QIWI and Paystack pay only our bills: no bill is issued for such a driver, and one paid after the driver
// became so has taken the payer's money by the time they tell us: it is acknowledged and held for ops, nothing
// credited. Driver ids carry no `-`: Idram's bill number reads what follows one as a nonce.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
afterEach(() => clearFaults(h.billingUrl));

const nothing = { credits: 0, records: 0, reversals: 0, balance: 0n };
let seq = Date.now() % 1_000_000_000;
const AMOUNT = '12.30';

type Kind = 'check' | 'pay';
interface Case {
  /** The product or channel, where one PSP code speaks two contracts. */
  variant?: string;
  /** The manifest's first currency unless the variant pays in another. */
  currency?: string;
  /** Simulator operations. No `check` where the protocol has none: the PAY is then refused before it is answered. */
  check?: string;
  pay: string;
  /** The PSP's answer to a driver that may not be paid. */
  refusal: { status: number; code: string; body: (kind: Kind, txnId: string) => string | RegExp; signed?: true };
  /** Set where the README has no code for a driver that may not be paid: its generic refusal is used (named here). */
  generic?: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
  keys?: SimKeys;
  /** PSPs that pay only bills we issued: the bill, issued as Pro does; its id is the PSP's transaction id. */
  bill?: (parkId: string, walletId: string, driverId: string) => Promise<string>;
  /** Bill PSPs' answer to a bill paid after its driver became unpayable: acknowledged, the invoice held for ops. */
  held?: { status: number; body: string };
  /** The payer's money taken at the PSP before it notifies us (Paystack's verify must find the charge). */
  paidAtPsp?: (txnId: string) => Promise<void>;
  /** What the PSP does after an accepted PAY before the driver is credited (EasyPay.ua confirms our PaymentId). */
  afterPay?: (send: (operation: string, args: SimArgs) => Promise<unknown>, paid: SimArgs) => Promise<void>;
}

const rsa = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const xml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<response>${inner}</response>`;
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const osmp: Case = {
  check: 'check',
  pay: 'pay',
  refusal: {
    status: 200,
    code: '7',
    body: (_kind, txn) =>
      xml(`<osmp_txn_id>${txn}</osmp_txn_id><result>7</result><comment>Payment forbidden</comment>`),
  },
};
const elecsnet = testKeyPairs();
const easysoft = rsa();
const easypayProvider = rsa();
const tbcLogin = { username: 'tbc-park', password: randomBytes(12).toString('hex') };
const tellcellJwt = { jwtSecret: randomBytes(16).toString('hex') };
const paynetLogin = { username: 'paynet', password: randomBytes(12).toString('hex') };
const idramKeys = { recAccount: '110000601', secretKey: randomBytes(12).toString('hex') };
const mobilnikKeys = { sellerSecret: randomBytes(16).toString('hex'), sellerId: 'seller-1' };
const paystackKeys = { secretKey: `sk_test_${randomBytes(16).toString('hex')}` };
const qiwiKeys = { login: '24274', password: randomBytes(12).toString('hex') };
const QIWI_API = { prv_id: '24274', api_id: 'api-early', api_password: randomBytes(12).toString('hex') };

/** Every PSP's cases: a PSP without a line here does not compile. */
const CASES: Record<PspCode, Case[]> = {
  qiwi_qvp: [osmp],
  qiwi_md: [osmp],
  city24: [osmp],
  mobilnik: [
    { ...osmp, variant: 'terminal', check: 'terminal-check', pay: 'terminal-pay' },
    {
      variant: 'web',
      pay: 'web-postback',
      refusal: { status: 403, code: 'http 403', body: () => 'refused: Payment forbidden' },
      settings: { channel: 'web', sellerId: mobilnikKeys.sellerId },
      credentials: { sellerSecret: mobilnikKeys.sellerSecret },
      keys: mobilnikKeys,
    },
  ],
  easypay: [
    {
      variant: 'ua',
      currency: 'UAH',
      check: 'ua-check',
      pay: 'ua-payment',
      refusal: {
        status: 200,
        code: '-45',
        signed: true,
        body: () =>
          /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Response><StatusCode>-45<\/StatusCode><StatusDetail>Payment forbidden<\/StatusDetail><DateTime>[\d\-T:]{19}<\/DateTime><Sign>[0-9A-F]+<\/Sign><\/Response>$/,
      },
      credentials: { easypayPublicKey: easysoft.publicKey, providerPrivateKey: easypayProvider.privateKey },
      keys: { easypayPrivateKey: easysoft.privateKey, providerPublicKey: easypayProvider.publicKey, serviceId: '1234' },
      afterPay: async (send, paid) => {
        await send('ua-confirm', paid);
      },
    },
    {
      variant: 'am',
      currency: 'AMD',
      check: 'am-check',
      pay: 'am-pay',
      refusal: {
        status: 401,
        code: '401',
        body: () =>
          /^\{"RequestId":"[0-9a-f-]{36}","TraceId":"[^"]+","Instance":"[^"]+","StatusCode":401,"Type":"UnauthorizedException","Errors":\{\},"Message":"Payment forbidden"\}$/,
      },
      credentials: { hmacKey: 'am-shared-secret' },
      keys: { hmacKey: 'am-shared-secret' },
    },
  ],
  paystack: [
    {
      pay: 'pay',
      generic: "422, its README's answer to every other refusal",
      refusal: { status: 422, code: 'forbidden', body: () => '{"result":"forbidden"}' },
      credentials: paystackKeys,
      keys: paystackKeys,
      bill: (parkId, walletId, driverId) => issueInvoice(h, parkId, driverId, { walletId, amount: AMOUNT }),
      held: { status: 200, body: '{"result":"held"}' },
      paidAtPsp: (reference) =>
        control(`${h.config.PAYSTACK_API_URL}/_control/transactions`, {
          secret_key: paystackKeys.secretKey,
          reference,
          amount: 1230,
          currency: 'NGN',
          status: 'success',
        }),
    },
  ],
  qiwi: [
    {
      pay: 'notify',
      generic: "300, its README's answer to anything else",
      refusal: {
        status: 200,
        code: '300',
        body: () => '<?xml version="1.0"?><result><result_code>300</result_code></result>',
      },
      settings: { prvId: QIWI_API.prv_id },
      credentials: { ...qiwiKeys, apiId: QIWI_API.api_id, apiPassword: QIWI_API.api_password },
      keys: qiwiKeys,
      bill: (parkId, walletId, driverId) =>
        issueInvoice(h, parkId, driverId, { walletId, amount: AMOUNT, phone: '+79031811737' }),
      held: { status: 200, body: '<?xml version="1.0"?><result><result_code>0</result_code></result>' },
    },
  ],
  elecsnet: [
    {
      check: 'check',
      pay: 'pay',
      generic: '62, "any other error"',
      refusal: {
        status: 200,
        code: '62',
        signed: true,
        body: () => /^ans_code=62&ansid=Payment_not_allowed&message=[^&]*&signature=[0-9A-F]+$/,
      },
      credentials: elecsnet.credentials,
      keys: elecsnet.simKeys,
    },
  ],
  tbc: [
    {
      check: 'check',
      pay: 'pay',
      refusal: {
        status: 200,
        code: '7',
        body: () => '<response><result>7</result><comment>Payment restricted</comment></response>',
      },
      credentials: tbcLogin,
      keys: tbcLogin,
    },
  ],
  tellcell: [
    {
      check: 'check',
      pay: 'payment',
      refusal: {
        status: 200,
        code: '403',
        body: () => '<response><code>403</code><message>Access Denied</message></response>',
      },
      credentials: tellcellJwt,
      keys: tellcellJwt,
    },
  ],
  idram: [
    {
      check: 'precheck',
      pay: 'payment',
      generic: 'any text but OK',
      refusal: { status: 200, code: 'Payment forbidden', body: () => 'Payment forbidden' },
      credentials: { secretKey: idramKeys.secretKey },
      keys: idramKeys,
    },
  ],
  uzpaynet: [
    {
      check: 'check',
      pay: 'pay',
      refusal: {
        status: 200,
        code: '302',
        body: (kind) =>
          new RegExp(
            `<ns2:${kind === 'check' ? 'GetInformationResult' : 'PerformTransactionResult'} [^>]*>` +
              `<errorMsg>[^<]+</errorMsg><status>302</status><timeStamp>[^<]+</timeStamp>` +
              escaped(kind === 'pay' ? '<providerTrnId>0</providerTrnId>' : ''),
          ),
      },
      credentials: paynetLogin,
      keys: paynetLogin,
    },
  ],
};

async function control(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}`);
}

const TABLE = MANIFESTS.flatMap((m: ListedManifest) =>
  CASES[m.code].map((c) => [c.variant ? `${m.code} (${c.variant})` : m.code, m, c] as const),
);

describe.each(TABLE)('%s', (_name, manifest, c) => {
  const sim = getSimulator(manifest.code)!;
  const currency = c.currency ?? manifest.currencies[0];
  const other = currency === 'USD' ? 'EUR' : 'USD';
  let parkId: string;
  let walletId: string;
  let link: string;
  const keys = c.keys ?? {};
  const send = (operation: string, a: SimArgs) => simulate(sim, link, operation, a, keys);
  const args = async (account: string): Promise<SimArgs> => ({
    account,
    amount: AMOUNT,
    currency,
    txnId: c.bill ? await c.bill(parkId, walletId, account) : String(++seq),
    extra: {},
  });
  const rows = (where: { driverId?: string | { in: string[] }; pspTxnId?: string } = {}) =>
    h.sys.db.transaction.findMany({ where: { parkId, ...where } });
  const refusedAt = c.check ? 'at check and at pay' : 'at pay (the protocol has no check)';
  const inCode = c.generic ? `in its generic refusal, ${c.generic}` : `in its own code ${c.refusal.code}`;
  const leaves = 'nothing recorded or credited';

  beforeAll(async () => {
    parkId = newParkId();
    if (manifest.code === 'qiwi') await control(`${h.config.QIWI_API_URL}/_control/accounts`, QIWI_API);
    const settings = { ...manifest.starterSettings?.(currency), ipAllowList: LOOPBACK, ...c.settings };
    ({ walletId, linkUrl: link } = await walletWithLink(h, parkId, manifest.code, currency, settings, c.credentials));
    const driver = (id: string) => ({ park_id: parkId, id, display_name: id });
    await seedDrivers(h.driverProfilesUrl, ['DRV_OK', 'DRV_OTHER', 'DRV_BLOCKED', 'DRV_NEW'].map(driver));
    await seedDrivers(h.billingUrl, [
      { ...driver('DRV_OK'), currency },
      { ...driver('DRV_OTHER'), currency: other },
      { ...driver('DRV_BLOCKED'), currency, blocked: true },
      driver('DRV_NEW'),
    ]);
  });

  async function expectRefused(kind: Kind, operation: string, account: string): Promise<SimArgs> {
    const a = await args(account);
    if (kind === 'pay') await c.paidAtPsp?.(a.txnId);
    const { answer, result } = await send(operation, a);
    expect({ status: answer.status, code: result.code, ok: result.ok }).toEqual({
      status: c.refusal.status,
      code: c.refusal.code,
      ok: false,
    });
    expect(answer.body).toMatch(c.refusal.body(kind, a.txnId));
    if (c.refusal.signed) expect(result.signatureValid).toBe(true);
    return a;
  }

  const unpayable = [
    ['a balance in another currency', 'DRV_OTHER', { currency: other }],
    ['a driver billing blocks', 'DRV_BLOCKED', { blocked: true }],
  ] as const;

  if (!c.bill) {
    it.each(unpayable)(`%s is refused ${refusedAt}, ${inCode}; ${leaves}`, async (_n, driver) => {
      if (c.check) await expectRefused('check', c.check, driver);
      await expectRefused('pay', c.pay, driver);
      expect(await rows()).toEqual([]);
      await expectLedger(h, parkId, driver, nothing);
    });
  } else {
    it.each(unpayable)(
      `%s: no bill is issued; one paid after the driver became so is acknowledged, held for ops, nothing credited`,
      async (_n, driver, change) => {
        await expect(c.bill!(parkId, walletId, driver)).rejects.toThrow(/422.*driver_not_payable/);
        // Payable when billed, then changed in billing before the payer pays.
        const late = { park_id: parkId, id: `${driver}${++seq}`, display_name: driver };
        await seedDrivers(h.driverProfilesUrl, [late]);
        await seedDrivers(h.billingUrl, [late]);
        const paid = await args(late.id);
        await seedDrivers(h.billingUrl, [{ ...late, ...change }]);
        await c.paidAtPsp?.(paid.txnId);
        const { answer } = await send(c.pay, paid);
        expect({ status: answer.status, body: answer.body }).toEqual(c.held);
        const invoice = await eventually(
          () => h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id: paid.txnId } } }),
          (i) => i.status === 'held',
        );
        expect(invoice.failureReason).toMatch(/^driver_not_payable/);
        expect(await rows({ pspTxnId: paid.txnId })).toEqual([]);
        await expectLedger(h, parkId, late.id, nothing);
      },
    );
  }

  it('a driver in the same currency, or with no balance yet, is paid', async () => {
    for (const driver of ['DRV_OK', 'DRV_NEW']) {
      const a = await args(driver);
      if (c.check) expect((await send(c.check, a)).result).toMatchObject({ ok: true });
      await c.paidAtPsp?.(a.txnId);
      const paid = await send(c.pay, a);
      expect(paid.result).toMatchObject({ ok: true });
      await c.afterPay?.(send, { ...a, prvTxn: paid.result.prvTxn });
    }
    await eventually(
      () => rows({ driverId: { in: ['DRV_OK', 'DRV_NEW'] } }),
      (all) => all.length === 2 && all.every((t) => t.state === 'processed'),
    );
    for (const driver of ['DRV_OK', 'DRV_NEW']) {
      await expectLedger(h, parkId, driver, { credits: 1, records: 1, reversals: 0, balance: 1230n });
    }
  });
});

const argsOf = (account: string): SimArgs => ({ account, amount: '1.00', txnId: String(++seq), extra: {} });

describe('billing unreachable for the pre-check', () => {
  it('takes the payment, and the payment workflow credits it once billing answers', async () => {
    const parkId = newParkId();
    const { linkUrl } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: LOOPBACK });
    const driver = { park_id: parkId, id: 'DRV-1', display_name: 'One' };
    await seedDrivers(h.driverProfilesUrl, [driver]);
    await seedDrivers(h.billingUrl, [{ ...driver, currency: 'RUB' }]);
    await setFaults(h.billingUrl, { status: 503, paths: ['/v1/accounts'] });
    const pay = await simulate(getSimulator('qiwi_qvp')!, linkUrl, 'pay', { ...argsOf('DRV-1'), amount: '3.00' }, {});
    expect(pay.result).toMatchObject({ ok: true, code: '0' });
    await eventually(
      () => h.sys.db.transaction.findMany({ where: { parkId } }),
      (all) => all[0]?.state === 'processed',
    );
    await expectLedger(h, parkId, 'DRV-1', { credits: 1, records: 1, reversals: 0, balance: 300n });
  });
});

describe('a wallet in a currency its PSP does not pay in', () => {
  it.each([
    ['qiwi_qvp', 'UZS'],
    ['uzpaynet', 'RUB'],
    ['paystack', 'EUR'],
  ])('%s in %s is a 400 naming currency', async (psp, currency) => {
    const res = await h.api('POST', `/v1/parks/${newParkId()}/wallets`, { psp, name: 'x', currency });
    expect(res).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', field: 'currency', message: expect.stringContaining(currency) },
    });
  });
});
