import { describe, expect, it } from 'vitest';
import { canonicalHost, inNetwork, isHostname, isIPv4, isIPv6 } from './net';

describe('address checks', () => {
  it('accepts dotted-quad IPv4 only', () => {
    expect(['0.0.0.0', '192.0.2.1', '255.255.255.255'].every(isIPv4)).toBe(true);
    expect(['256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', ' 1.2.3.4'].some(isIPv4)).toBe(false);
  });

  it('accepts IPv6 forms and refuses malformed ones', () => {
    expect(['::', '::1', '2001:db8::7', '1:2:3:4:5:6:7:8', '::ffff:192.0.2.1', '1:2:3:4:5:6:1.2.3.4', 'fe80::'].every(isIPv6)).toBe(true);
    expect(['1:2:3:4:5:6:7:8:9', '1::2::3', ':1', '1:2:3:4:5:6:7:8::', 'g::1', '[::1]', 'fe80::1%eth0', '::1.2.3'].some(isIPv6)).toBe(false);
  });

  it('accepts host names but not numeric look-alikes', () => {
    expect(['sip.example.net', 'gw-1', 'a.b.c.'].every(isHostname)).toBe(true);
    expect(['-bad.example', 'a..b', '1.2.3.999', 'x_y.example', ''].some(isHostname)).toBe(false);
  });

  it('canonicalises IPv6 per RFC 5952 so equal addresses compare equal', () => {
    expect(canonicalHost('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalHost('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(canonicalHost('1:0:2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7');
    expect(canonicalHost('::ffff:192.0.2.1')).toBe('::ffff:c000:201');
    expect(canonicalHost('SIP.Example.NET.')).toBe('sip.example.net');
  });
});

describe('inNetwork', () => {
  it('matches a host, an IPv4 network and an IPv6 network, never across families', () => {
    expect(inNetwork('192.0.2.10', '192.0.2.10')).toBe(true);
    expect(inNetwork('192.0.2.11', '192.0.2.10')).toBe(false);
    expect(inNetwork('192.0.2.200', '192.0.2.0/24')).toBe(true);
    expect(inNetwork('192.0.3.1', '192.0.2.0/24')).toBe(false);
    expect(inNetwork('10.1.2.3', '0.0.0.0/0')).toBe(true);
    expect(inNetwork('fd00:1::5', 'fd00:1::/64')).toBe(true);
    expect(inNetwork('fd00:2::5', 'fd00:1::/64')).toBe(false);
    expect(inNetwork('FD00:1:0:0::5', 'fd00:1::5')).toBe(true);
    expect(inNetwork('192.0.2.10', '::/0')).toBe(false);
  });

  it('is false for what is not an address or network', () => {
    expect(inNetwork('gw.example', '192.0.2.0/24')).toBe(false);
    expect(inNetwork('192.0.2.1', '192.0.2.0/33')).toBe(false);
    expect(inNetwork('192.0.2.1', '192.0.2.0/x')).toBe(false);
  });
});
