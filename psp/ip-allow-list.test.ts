import fc from 'fast-check';
import { ANY_IP, DENY_ALL_IPS, isIpAllowed, isIpEntry } from './ip-allow-list';

const QIWI = ['79.142.16.0/20', '91.232.230.0/23'];

describe('isIpAllowed', () => {
  it('admits nobody when the list is empty, everybody with ANY_IP', () => {
    expect(isIpAllowed('203.0.113.9', [])).toBe(false);
    expect(isIpAllowed('2001:db8::1', [])).toBe(false);
    expect(isIpAllowed('203.0.113.9', ANY_IP)).toBe(true);
    expect(isIpAllowed('2001:db8::1', ANY_IP)).toBe(true);
    expect(isIpAllowed('::ffff:10.0.0.1', ANY_IP)).toBe(true);
  });

  it.each([
    ['79.142.16.0', true],
    ['79.142.31.255', true],
    ['79.142.32.0', false],
    ['79.142.15.255', false],
    ['91.232.231.200', true],
    ['91.232.232.1', false],
  ])('matches IPv4 CIDRs: %s → %s', (ip, allowed) => {
    expect(isIpAllowed(ip, QIWI)).toBe(allowed);
  });

  it('matches plain addresses exactly', () => {
    expect(isIpAllowed('10.0.0.1', ['10.0.0.1'])).toBe(true);
    expect(isIpAllowed('10.0.0.2', ['10.0.0.1'])).toBe(false);
    expect(isIpAllowed('2001:db8::1', ['2001:db8::1'])).toBe(true);
    expect(isIpAllowed('2001:db8::2', ['2001:db8::1'])).toBe(false);
  });

  it('matches IPv6 CIDRs, in any spelling of the address', () => {
    expect(isIpAllowed('2001:db8:0:0:0:0:0:1', ['2001:db8::/32'])).toBe(true);
    expect(isIpAllowed('2001:DB8:FFFF::1', ['2001:db8::/32'])).toBe(true);
    expect(isIpAllowed('2001:db9::1', ['2001:db8::/32'])).toBe(false);
  });

  it('treats IPv4-mapped IPv6 peers as their IPv4 address, both ways', () => {
    expect(isIpAllowed('::ffff:127.0.0.1', ['127.0.0.0/8'])).toBe(true);
    expect(isIpAllowed('::ffff:7f00:1', ['127.0.0.1'])).toBe(true);
    expect(isIpAllowed('::ffff:79.142.20.1', QIWI)).toBe(true);
    expect(isIpAllowed('::ffff:8.8.8.8', QIWI)).toBe(false);
    expect(isIpAllowed('10.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(true);
  });

  it('does not confuse unrelated families', () => {
    expect(isIpAllowed('::1', ['0.0.0.0/0'])).toBe(false);
    expect(isIpAllowed('::7f00:1', ['127.0.0.1'])).toBe(false); // IPv4-compatible, deprecated, not mapped
  });

  it.each([
    ['not-an-ip'],
    ['10.0.0.0/33'],
    ['10.0.0.0/-1'],
    ['10.0.0.0/8.5'],
    ['10.0.0.0/'],
    ['10.0.0.0/8/8'],
    ['2001:db8::/129'],
    ['10.0.0.0/ 8'],
    ['010.0.0.1'],
    [''],
  ])('never matches the invalid entry %j, and a list of only invalid entries admits nobody', (entry) => {
    expect(isIpAllowed('10.0.0.1', [entry])).toBe(false);
    expect(isIpAllowed('10.0.0.1', [entry, '10.0.0.0/8'])).toBe(true);
  });

  it('tolerates spaces around an entry', () => {
    expect(isIpAllowed('10.0.0.1', [' 10.0.0.0/8 '])).toBe(true);
  });

  it('refuses a peer address that is not an address', () => {
    for (const ip of ['', 'localhost', '10.0.0', '10.0.0.1 ', '999.1.1.1']) {
      expect(isIpAllowed(ip, ['0.0.0.0/0', '::/0'])).toBe(false);
    }
  });

  it('DENY_ALL_IPS admits no real peer', () => {
    for (const ip of ['127.0.0.1', '79.142.16.1', '::1', '2001:db8::1', '::ffff:10.0.0.1']) {
      expect(isIpAllowed(ip, DENY_ALL_IPS)).toBe(false);
    }
  });

  it('never throws, whatever the address and entries', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()),
        fc.array(
          fc.oneof(
            fc.string(),
            fc.ipV4().map((ip) => `${ip}/${ip.length}`),
            fc.ipV6(),
          ),
        ),
        (ip, cidrs) => {
          expect(typeof isIpAllowed(ip, cidrs)).toBe('boolean');
        },
      ),
    );
  });

  it('an address always matches itself and its /0', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        expect(isIpAllowed(ip, [ip])).toBe(true);
        expect(isIpAllowed(ip, [ip.includes(':') ? '::/0' : '0.0.0.0/0'])).toBe(true);
      }),
    );
  });
});

describe('host entries', () => {
  it('a /32 or /128 range is its one address', () => {
    expect(isIpAllowed('10.0.0.1', ['10.0.0.1/32'])).toBe(true);
    expect(isIpAllowed('10.0.0.2', ['10.0.0.1/32'])).toBe(false);
    expect(isIpAllowed('2001:db8::1', ['2001:db8::1/128'])).toBe(true);
    expect(isIpAllowed('2001:db8::2', ['2001:db8::1/128'])).toBe(false);
  });

  it('skips entries that are not text (settings come from JSON) and still reads the rest', () => {
    const fromJson = JSON.parse('[42, null, {"cidr": "0.0.0.0/0"}, "10.0.0.0/8"]') as string[];
    expect(isIpAllowed('10.0.0.1', fromJson)).toBe(true);
    expect(isIpAllowed('192.168.0.1', fromJson)).toBe(false);
  });
});

describe('isIpEntry', () => {
  it.each([
    ['10.0.0.1', true],
    [' 10.0.0.0/8 ', true],
    ['10.0.0.1/32', true],
    ['2001:db8::/32', true],
    ['2001:db8::1/128', true],
    ['10.0.0.1/33', false],
    ['2001:db8::1/129', false],
    ['10.0.0.0/8/8', false],
    ['example.org', false],
    ['', false],
  ])('%j → %s', (entry, usable) => {
    expect(isIpEntry(entry)).toBe(usable);
  });
});
