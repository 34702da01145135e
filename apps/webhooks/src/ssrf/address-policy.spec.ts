import { AddressPolicy, embeddedIpv4, ipv6Bytes } from './address-policy';

const strict = new AddressPolicy();

describe('the address policy', () => {
  it.each([
    '10.0.0.5', '127.0.0.1', '127.8.9.10', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.100.100.200',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1', '192.0.2.10', '168.63.129.16',
    '::1', '::', 'fd00::1', 'fc00::5', 'fe80::1', 'ff02::1', 'fec0::1', '2001:db8::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.5',
    '::ffff:a9fe:a9fe', '64:ff9b::a00:5', '64:ff9b::127.0.0.1', '2002:7f00:1::', '2002:a9fe:a9fe::1', '::127.0.0.1', 'fd00:ec2::254',
  ])('refuses %s', (address) => {
    expect(strict.check(address).allowed).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '64:ff9b::5db8:d822', '2002:5db8:d822::1'])(
    'allows the public address %s',
    (address) => {
      expect(strict.check(address)).toEqual({ allowed: true });
    },
  );

  it('exempts the allowlisted CIDRs only, in every IPv6 spelling of them', () => {
    const dev = AddressPolicy.fromCidrs(['127.0.0.0/8', '::1/128']);
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(dev.check(a).allowed).toBe(true);
    for (const a of ['10.0.0.5', '169.254.169.254', 'fd00::1']) expect(dev.check(a).allowed).toBe(false);
  });

  it('rejects CIDRs that are not', () => {
    for (const bad of ['127.0.0.0', '127.0.0.0/33', 'localhost/8', '::1/129', '10.0.0.0/8/1']) expect(() => AddressPolicy.fromCidrs([bad])).toThrow(/not a CIDR/);
  });

  it('reads IPv6 with compression and dotted tails', () => {
    expect(ipv6Bytes('::ffff:1.2.3.4')!.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(ipv6Bytes('2001:db8::1')).toEqual([0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1]);
    expect(embeddedIpv4(ipv6Bytes('::ffff:c0a8:101')!)).toBe('192.168.1.1');
    expect(ipv6Bytes('10.0.0.1')).toBeUndefined();
  });
});
