import type { PspCode } from '../domain/psp-codes';
import { testKeyPairs } from '../psp/elecsnet/fixtures/samples';
import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs, SimKeys } from '../psp/simulator';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { clearFaults, seedDrivers, setFaults } from '../testkit/neighbours';
import { expectLedger } from './support/ledger';
import { LOOPBACK, terminalWallet } from './support/psp-terminals';

// What billing would refuse after a success answer is refused before it, in each PSP's own code: a driver billing
// blocks, and a wallet paying in another currency than the driver's balance. Nothing is recorded, nothing credited.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
afterEach(() => clearFaults(h.billingUrl));

const nothing = { credits: 0, records: 0, reversals: 0, balance: 0n };
let seq = Date.now() % 1_000_000_000;

interface Case {
  psp: PspCode;
  currency: string;
  /** The PSP's code for a refused account. */
  refusal: string;
  wallet(h: Harness, parkId: string): Promise<{ linkUrl: string }>;
  keys: SimKeys;
}

const elecsnet = testKeyPairs();
const osmp = (psp: PspCode, currency: string): Case => ({
  psp,
  currency,
  refusal: '7',
  wallet: (h, parkId) => walletWithLink(h, parkId, psp, currency, { ipAllowList: LOOPBACK }),
  keys: {},
});
const CASES: Case[] = [
  osmp('qiwi_qvp', 'RUB'),
  osmp('qiwi_md', 'MDL'),
  osmp('city24', 'UAH'),
  osmp('mobilnik', 'KGS'),
  {
    psp: 'elecsnet',
    currency: 'RUB',
    refusal: '62',
    wallet: (h, parkId) =>
      terminalWallet(h, parkId, 'elecsnet', 'RUB', { ipAllowList: LOOPBACK }, elecsnet.credentials),
    keys: elecsnet.simKeys,
  },
];

describe.each(CASES.map((c) => [c.psp, c] as const))('%s', (psp, c) => {
  const sim = getSimulator(psp)!;
  let parkId: string;
  let link: string;
  const args = (account: string): SimArgs => ({ account, amount: '12.30', txnId: String(++seq), extra: {} });
  const call = (operation: string, account: string) => simulate(sim, link, operation, args(account), c.keys);
  const rows = () => h.sys.db.transaction.count({ where: { parkId } });

  beforeAll(async () => {
    parkId = newParkId();
    ({ linkUrl: link } = await c.wallet(h, parkId));
    const driver = (id: string) => ({ park_id: parkId, id, display_name: id });
    const ids = ['DRV-OK', 'DRV-USD', 'DRV-BLOCKED', 'DRV-NEW'];
    await seedDrivers(h.driverProfilesUrl, ids.map(driver));
    await seedDrivers(h.billingUrl, [
      { ...driver('DRV-OK'), currency: c.currency },
      { ...driver('DRV-USD'), currency: 'USD' },
      { ...driver('DRV-BLOCKED'), currency: c.currency, blocked: true },
      driver('DRV-NEW'),
    ]);
  });

  it.each([
    ['a balance in another currency', 'DRV-USD'],
    ['a driver billing blocks', 'DRV-BLOCKED'],
  ])('%s is refused at check and at pay, in its own code, with nothing recorded or credited', async (_n, driver) => {
    expect((await call('check', driver)).result).toMatchObject({ ok: false, code: c.refusal });
    expect((await call('pay', driver)).result).toMatchObject({ ok: false, code: c.refusal });
    expect(await rows()).toBe(0);
    await expectLedger(h, parkId, driver, nothing);
  });

  it('a driver in the same currency, or with no balance yet, is paid', async () => {
    for (const driver of ['DRV-OK', 'DRV-NEW']) {
      expect((await call('check', driver)).result).toMatchObject({ ok: true });
      expect((await call('pay', driver)).result).toMatchObject({ ok: true });
    }
    await eventually(
      () => h.sys.db.transaction.findMany({ where: { parkId } }),
      (all) => all.length === 2 && all.every((t) => t.state === 'processed'),
    );
    await expectLedger(h, parkId, 'DRV-OK', { credits: 1, records: 1, reversals: 0, balance: 1230n });
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
