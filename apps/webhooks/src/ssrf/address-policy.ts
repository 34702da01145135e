/**
 * Which IP addresses a webhook may reach. Integrators choose the URL, so without this anyone with the admin role could
 * make the service call its own network (databases, Kafka, the cloud metadata service): server-side request forgery.
 * Refused: private, loopback, link-local, unique-local, shared (CGNAT), documentation, multicast and reserved
 * ranges, cloud metadata addresses, and any IPv6 form that embeds one of those IPv4 addresses.
 */
import { BlockList, isIP } from 'node:net';

const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
  // Azure's wire server answers metadata-like requests on a public address.
  ['168.63.129.16', 32],
];

const BLOCKED_V6: [string, number][] = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
];

export type Verdict = { allowed: true } | { allowed: false; reason: string };

/** Parses `a.b.c.d/n` and `x::y/n` lists (WEBHOOKS_ALLOWED_CIDRS); throws on anything else. */
export function cidrList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits, extra] = cidr.split('/');
    const family = isIP(address);
    const prefix = Number(bits);
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new Error(`"${cidr}" is not a CIDR like 127.0.0.0/8 or ::1/128`);
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

const blocked = (() => {
  const list = new BlockList();
  for (const [a, n] of BLOCKED_V4) list.addSubnet(a, n, 'ipv4');
  for (const [a, n] of BLOCKED_V6) list.addSubnet(a, n, 'ipv6');
  return list;
})();

/** The 16 bytes of an IPv6 address (with `::` and a dotted IPv4 tail), or undefined. */
export function ipv6Bytes(text: string): number[] | undefined {
  const address = text.split('%')[0];
  if (isIP(address) !== 6) return undefined;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const expand = (list: string[]) => list.flatMap((g) => (g.includes('.') ? dottedToGroups(g) : [parseInt(g, 16)]));
  const left = expand(groups(head));
  const right = expand(groups(tail));
  const words = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function dottedToGroups(v4: string): number[] {
  const [a, b, c, d] = v4.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/**
 * The IPv4 address an IPv6 address stands for, which then decides: ::ffff:0:0/96 (IPv4-mapped), 64:ff9b::/96
 * (NAT64: DNS64 networks reach public IPv4 hosts this way) and 2002::/16 (6to4).
 */
export function embeddedIpv4(bytes: number[]): string | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const dotted = (at: number) => bytes.slice(at, at + 4).join('.');
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return dotted(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return dotted(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return dotted(2);
  return undefined;
}

export class AddressPolicy {
  constructor(private readonly allowlist: BlockList = new BlockList()) {}

  static fromCidrs(cidrs: readonly string[]): AddressPolicy {
    return new AddressPolicy(cidrList(cidrs));
  }

  check(address: string): Verdict {
    const family = isIP(address);
    if (family === 0) return { allowed: false, reason: 'not an IP address' };
    if (family === 4) return this.checkV4(address);
    if (this.allowlist.check(address, 'ipv6')) return { allowed: true };
    const bytes = ipv6Bytes(address)!;
    const v4 = embeddedIpv4(bytes);
    if (v4) return this.checkV4(v4);
    return blocked.check(address, 'ipv6') ? { allowed: false, reason: 'a private, loopback, link-local or reserved IPv6 address' } : { allowed: true };
  }

  private checkV4(address: string): Verdict {
    if (this.allowlist.check(address, 'ipv4')) return { allowed: true };
    return blocked.check(address, 'ipv4') ? { allowed: false, reason: 'a private, loopback, link-local, metadata or reserved IPv4 address' } : { allowed: true };
  }
}
