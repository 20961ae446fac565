import { newParkId, startHarness, type Harness } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';

/**
 * Two independent systems on one database, as two gateway processes behind a balancer: each has its own connection
 * pool and its own api-external. A link change made through one system's api-internal is refused by the OTHER
 * system's gateway on its very next request, after that gateway has just served the link (so anything it kept from
 * those calls would show). Rule of issue 11: speed may not delay a revocation on any gateway.
 */
describe('a link or wallet change reaches every gateway on the next request', () => {
  let dispatcherSide: Harness;
  let otherGateway: Harness;
  const parkId = newParkId();
  let walletId: string;
  let txn = Date.now() % 1_000_000;
  const wallets = `/v1/parks/${parkId}/wallets`;

  beforeAll(async () => {
    dispatcherSide = await startHarness({ worker: false });
    otherGateway = await startHarness({ worker: false });
    const wallet = await dispatcherSide.api('POST', wallets, {
      psp: 'qiwi_qvp',
      name: 'Main',
      currency: 'RUB',
      settings: { ipAllowList: ['127.0.0.1/32', '::1/128'] },
    });
    walletId = wallet.body.id;
    await seedDrivers(otherGateway.driverProfilesUrl, [{ park_id: parkId, id: 'DRV1', display_name: 'Driver One' }]);
  }, 60_000);
  afterAll(async () => {
    await otherGateway?.close();
    await dispatcherSide?.close();
  });

  /** A CHECK through the other system's gateway: the OSMP result code, or the HTTP status when refused. */
  const checkOnOther = async (url: string) => {
    const target = url.replace(dispatcherSide.config.PUBLIC_CALLBACK_BASE_URL, otherGateway.externalUrl);
    const res = await fetch(`${target}?command=check&txn_id=${++txn}&account=DRV1&sum=10.00`);
    const body = await res.text();
    return res.status === 200 ? `result ${/<result>(\d+)<\/result>/.exec(body)?.[1]}` : `http ${res.status}`;
  };
  const servedTwice = async (url: string) => {
    expect(await checkOnOther(url)).toBe('result 0');
    expect(await checkOnOther(url)).toBe('result 0');
  };

  it('revoke: refused by the other gateway on its next request', async () => {
    const issued = await dispatcherSide.api('POST', `${wallets}/${walletId}/link`);
    await servedTwice(issued.body.url);
    expect((await dispatcherSide.api('DELETE', `${wallets}/${walletId}/link`)).status).toBe(204);
    expect(await checkOnOther(issued.body.url)).toBe('http 404');
  });

  it('regenerate: the old secret refused and the new one served by the other gateway at once', async () => {
    const first = await dispatcherSide.api('POST', `${wallets}/${walletId}/link`);
    await servedTwice(first.body.url);
    const second = await dispatcherSide.api('POST', `${wallets}/${walletId}/link/regenerate`);
    expect(second.status).toBe(201);
    expect(await checkOnOther(first.body.url)).toBe('http 404');
    expect(await checkOnOther(second.body.url)).toBe('result 0');
  });

  it('a disabled, then deleted wallet: its live link refused by the other gateway on the next request', async () => {
    const issued = await dispatcherSide.api('POST', `${wallets}/${walletId}/link`);
    await servedTwice(issued.body.url);
    expect((await dispatcherSide.api('PATCH', `${wallets}/${walletId}`, { enabled: false })).status).toBe(200);
    expect(await checkOnOther(issued.body.url)).toBe('http 404');
    expect((await dispatcherSide.api('PATCH', `${wallets}/${walletId}`, { enabled: true })).status).toBe(200);
    expect(await checkOnOther(issued.body.url)).toBe('result 0');
    expect((await dispatcherSide.api('DELETE', `${wallets}/${walletId}`)).status).toBe(204);
    expect(await checkOnOther(issued.body.url)).toBe('http 404');
  });
});
