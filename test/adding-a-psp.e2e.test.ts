import { getSimulator, simulate } from '../psp/simulators';
import { DUMMY_CODE } from '../psp/testing/dummy-psp';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { seedDrivers, standInState } from '../testkit/neighbours';
import { LOOPBACK, transactionsOf } from './support/psp-terminals';

// docs/adding-a-psp.md end to end: the two lines a 13th PSP adds outside its folder (its code in the domain list,
// its manifest in psp/manifests.ts) are added here as the module system loads them; everything else is the real
// system: api-internal accepts its wallets, api-external routes its link, a PaymentWorkflow credits billing once.
jest.mock('../domain/psp-codes', () => {
  const actual = jest.requireActual<typeof import('../domain/psp-codes')>('../domain/psp-codes');
  const PSP_CODES = [...actual.PSP_CODES, 'dummy'] as const;
  return { ...actual, PSP_CODES, isPspCode: (value: string) => (PSP_CODES as readonly string[]).includes(value) };
});
jest.mock('../psp/manifests', () => {
  const actual = jest.requireActual<typeof import('../psp/manifests')>('../psp/manifests');
  const { dummy } = jest.requireActual<typeof import('../psp/testing/dummy-psp')>('../psp/testing/dummy-psp');
  return { ...actual, MANIFESTS: [...actual.MANIFESTS, dummy] };
});

const DRIVER = 'DRV-DUMMY-1';
let h: Harness;
let parkId: string;
let walletId: string;
let link: string;

beforeAll(async () => {
  h = await startHarness();
  parkId = newParkId();
  const drivers = [{ park_id: parkId, id: DRIVER, display_name: 'Dummy Driver' }];
  await seedDrivers(h.driverProfilesUrl, drivers);
  await seedDrivers(h.billingUrl, drivers);
  ({ walletId, linkUrl: link } = await walletWithLink(h, parkId, DUMMY_CODE, 'RUB', { ipAllowList: LOOPBACK }));
});
afterAll(() => h?.close());

const call = (operation: string, txnId: string, account = DRIVER) =>
  simulate(getSimulator(DUMMY_CODE)!, link, operation, { account, amount: '10.45', txnId, extra: {} }, {});

it('answers CHECK for a driver of the park and refuses an unknown one, recording nothing', async () => {
  expect((await call('check', 'c-1')).result).toMatchObject({ ok: true, code: '0' });
  expect((await call('check', 'c-2', 'NOBODY')).result).toMatchObject({ ok: false, code: '1' });
  expect(await transactionsOf(h, walletId)).toHaveLength(0);
});

it('credits a PAY exactly once, repeats included', async () => {
  const first = await call('pay', 'p-1');
  expect(first.result).toMatchObject({ ok: true, code: '0', prvTxn: expect.any(String) });
  const [row] = await eventually(
    () => transactionsOf(h, walletId, 'p-1'),
    (rows) => rows[0]?.state === 'processed',
  );
  expect(row!.id.toString()).toBe(first.result.prvTxn);
  expect((await call('pay', 'p-1')).answer.body).toBe(first.answer.body);

  // The driver's whole ledger, whatever key a credit was made under.
  const { credits } = await standInState<{ credits: Array<{ park_id: string; driver_id: string }> }>(h.billingUrl);
  const ours = credits.filter((c) => c.park_id === parkId && c.driver_id === DRIVER);
  expect(ours).toEqual([expect.objectContaining({ amount_minor: '1045', currency: 'RUB' })]);
});

it('refuses a wallet of the dummy PSP in a currency its manifest does not pay in', async () => {
  const res = await h.api('POST', `/v1/parks/${parkId}/wallets`, { psp: DUMMY_CODE, name: 'x', currency: 'USD' });
  expect(res).toMatchObject({ status: 400, body: { field: 'currency', message: expect.stringMatching(/RUB/) } });
});
