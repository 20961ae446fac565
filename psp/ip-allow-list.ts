import { BlockList, isIP } from 'node:net';

/** Admits nobody: the default where a PSP's source ranges are unknown until the park lists them. */
export const DENY_ALL_IPS: readonly string[] = [];

/** No restriction, said explicitly: for PSPs that authenticate every call by signature instead. */
export const ANY_IP: readonly string[] = ['0.0.0.0/0', '::/0'];

/**
 * Whether `ip` falls in one of `cidrs` (IPv4/IPv6 CIDRs or plain addresses). An empty list admits
 * nobody (a forgotten list must not open a wallet); entries that do not parse never match either.
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) matches IPv4 entries: BlockList compares both forms (documented by Node).
 */
export function isIpAllowed(ip: string, cidrs: readonly string[]): boolean {
  const family = familyOf(ip);
  return family !== undefined && compile(cidrs).check(ip, family);
}

/** Whether an allow-list entry is an address or a CIDR range that `isIpAllowed` can use. */
export function isIpEntry(entry: string): boolean {
  const list = new BlockList();
  addEntry(list, entry.trim());
  return list.rules.length > 0;
}

function compile(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of cidrs) {
    if (typeof entry === 'string') addEntry(list, entry.trim());
  }
  return list;
}

function addEntry(list: BlockList, entry: string): void {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = familyOf(address);
  if (!family || rest.length > 0) return;
  if (prefix === undefined) return list.addAddress(address, family);
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (bits <= (family === 'ipv4' ? 32 : 128)) list.addSubnet(address, bits, family);
}

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}
