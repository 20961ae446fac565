import type { PspCode } from '../domain/psp-codes';
import { getSimulator, simulate } from '../psp/simulators';
import type { SimArgs } from '../psp/simulator';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { seedDrivers } from '../testkit/neighbours';

// The OSMP-family PSPs driven only through the PSP simulator (`npm run psp-sim`), as a PSP would call them.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const LOOPBACK = ['127.0.0.1/32', '::1/128'];
const FAMILY: Array<[PspCode, string]> = [
  ['qiwi_qvp', 'RUB'],
  ['qiwi_md', 'MDL'],
  ['city24', 'UAH'],
  ['mobilnik', 'KGS'],
];

describe.each(FAMILY)('%s through the simulator', (psp, currency) => {
  const sim = getSimulator(psp)!;
  let link: string;
  let parkId: string;
  const args = (over: Partial<SimArgs> = {}): SimArgs => ({
    account: 'DRV-SIM',
    amount: '25.50',
    txnId: String(Date.now() + Math.floor(Math.random() * 1e6)),
    extra: {},
    ...over,
  });

  beforeAll(async () => {
    parkId = newParkId();
    ({ linkUrl: link } = await walletWithLink(h, parkId, psp, currency, { ipAllowList: LOOPBACK }));
    const driver = { park_id: parkId, id: 'DRV-SIM', display_name: 'Sim Driver' };
    const fired = { park_id: parkId, id: 'DRV-FIRED', display_name: 'Fired Driver' };
    await seedDrivers(h.driverProfilesUrl, [driver, { ...fired, status: 'fired' }]);
    await seedDrivers(h.billingUrl, [driver, fired]);
  });

  it('check: known driver ok, unknown driver refused', async () => {
    expect((await simulate(sim, link, 'check', args(), {})).result).toMatchObject({ ok: true, code: '0' });
    expect((await simulate(sim, link, 'check', args({ account: 'NOBODY' }), {})).result).toMatchObject({
      ok: false,
      code: '5',
    });
  });

  it('a fired driver: 7 at check and at pay, no payment registered', async () => {
    const a = args({ account: 'DRV-FIRED' });
    expect((await simulate(sim, link, 'check', a, {})).result).toMatchObject({ ok: false, code: '7' });
    expect((await simulate(sim, link, 'pay', a, {})).result).toMatchObject({ ok: false, code: '7' });
    expect(await h.sys.db.transaction.count({ where: { parkId } })).toBe(0);
    await expectLedger(h, parkId, 'DRV-FIRED', { credits: 0, records: 0, reversals: 0, balance: 0n });
  });

  it('getInfo answers like check and registers no payment', async () => {
    const a = args();
    expect((await simulate(sim, link, 'get-info', a, {})).result).toMatchObject({ ok: true, code: '0' });
    expect((await simulate(sim, link, 'get-info', args({ account: 'NOBODY' }), {})).result).toMatchObject({
      ok: false,
      code: '5',
    });
    expect(await h.sys.db.transaction.count({ where: { parkId } })).toBe(0);
  });

  it('pay by GET and a repeat by POST: one credit of exactly 25.50, the same prv_txn', async () => {
    const a = args();
    const first = await simulate(sim, link, 'pay', a, {});
    const again = await simulate(sim, link, 'pay-post', a, {});
    expect(first.result).toMatchObject({ ok: true, code: '0' });
    expect(again.result.prvTxn).toBe(first.result.prvTxn);
    await eventually(
      () => h.sys.transactions.get(parkId, BigInt(first.result.prvTxn!)),
      (t) => t?.state === 'processed',
    );
    expect((await h.sys.transactions.get(parkId, BigInt(first.result.prvTxn!)))!.currency).toBe(currency);
    await expectLedger(h, parkId, 'DRV-SIM', { credits: 1, records: 1, reversals: 0, balance: 2550n });
  });

  it('a malformed amount is refused in the protocol envelope', async () => {
    const res = await simulate(sim, link, 'pay', args({ amount: '25,50' }), {});
    expect(res.answer.status).toBe(200);
    expect(res.result).toMatchObject({ ok: false, code: '300' });
  });
});

describe('psp-sim command line', () => {
  it('speaks a PSP contract to a link and exits 0 on success, 2 on a refusal', async () => {
    const { execFile } = await import('node:child_process');
    const { join } = await import('node:path');
    const parkId = newParkId();
    const { linkUrl } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: LOOPBACK });
    await seedDrivers(h.driverProfilesUrl, [{ park_id: parkId, id: 'DRV-CLI', display_name: 'Cli' }]);
    const run = (account: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const cli = join(__dirname, '..', 'scripts', 'psp-sim.ts');
        execFile(
          process.execPath,
          ['--import', 'tsx', cli, 'qiwi_qvp', 'check', '--link', linkUrl, '--account', account],
          (err, stdout) => resolve({ code: err ? (err.code as number) : 0, out: stdout }),
        );
      });
    const ok = await run('DRV-CLI');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('command=check');
    expect(ok.out).toContain('<result>0</result>');
    const refused = await run('NOBODY');
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('"code": "5"');
  });
});
