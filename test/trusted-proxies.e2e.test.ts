import { newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';

// A PSP's IP allow-list reads X-Forwarded-For only when the hop that sent it is a configured trusted proxy.
const QIWI_SOURCE = '79.142.16.5';

describe.each([
  ['behind a trusted proxy (loopback)', { TRUSTED_PROXIES: '127.0.0.1/32,::1/128' }, true],
  ['with no trusted proxy configured', {}, false],
])('%s', (_name, env, forwardedCounts) => {
  let h: Harness;
  let link: string;
  beforeAll(async () => {
    h = await startHarness({ worker: false, env });
    const parkId = newParkId();
    // No ipAllowList: the wallet takes QIWI's documented source ranges.
    ({ linkUrl: link } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB'));
    await seedDrivers(h.driverProfilesUrl, [{ park_id: parkId, id: 'DRV-XFF', display_name: 'Xff' }]);
  });
  afterAll(() => h?.close());

  const check = async (headers: Record<string, string>) => {
    const res = await fetch(`${link}?command=check&txn_id=1&account=DRV-XFF&sum=1.00`, { headers });
    return { status: res.status, result: /<result>(\d+)<\/result>/.exec(await res.text())?.[1] };
  };

  it(`a forwarded QIWI address is ${forwardedCounts ? 'believed' : 'ignored'}`, async () => {
    expect(await check({ 'x-forwarded-for': QIWI_SOURCE })).toEqual(
      forwardedCounts ? { status: 200, result: '0' } : { status: 403, result: '7' },
    );
  });

  it('the proxy itself is never a QIWI address', async () => {
    expect(await check({})).toEqual({ status: 403, result: '7' });
  });

  it('a forged chain only counts from the hop next to the trusted proxy', async () => {
    // The client claims to be QIWI and the proxy appends the real client address: the real one decides.
    expect(await check({ 'x-forwarded-for': `${QIWI_SOURCE}, 203.0.113.7` })).toEqual({ status: 403, result: '7' });
  });
});
