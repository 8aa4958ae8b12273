import { describe, expect, it } from 'vitest';
import { normalizeDestinationHost, parseHostPattern } from '../../../shared/domain/policy/host.ts';
import { parseIpBlock, parseIpv4, parseIpv6 } from '../../../shared/domain/policy/ip.ts';
import {
  parsePortSpec,
  portRangesIntersect,
  portRangeWidth,
} from '../../../shared/domain/policy/ports.ts';

const v4 = (s: string) => parseIpv4(s)!;

describe('IP addresses', () => {
  it('parses dotted IPv4 strictly', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.0.0', '10.0.0.256', '010.0.0.1', '10.0.0.1.', '1e1.0.0.1', '']) {
      expect(parseIpv4(bad)).toBeUndefined();
    }
  });

  it('parses every IPv6 text form', () => {
    expect(parseIpv6('::')).toBe(0n);
    expect(parseIpv6('::1')).toBe(1n);
    expect(parseIpv6('fd00::')).toBe(0xfdn << 120n);
    expect(parseIpv6('2001:DB8:0:0:0:0:0:1')).toBe(parseIpv6('2001:db8::1'));
    expect(parseIpv6('::ffff:10.0.0.1')).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
    for (const bad of [
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      ':1',
      'g::',
      '1:2:3:4:5:6:7::8',
    ]) {
      expect(parseIpv6(bad)).toBeUndefined();
    }
  });

  it('reads CIDR blocks, refuses host bits and long prefixes, maps ::ffff:0:0/96 to IPv4', () => {
    expect(parseIpBlock('10.0.0.0/8')).toEqual({
      family: 4,
      start: v4('10.0.0.0'),
      end: v4('10.255.255.255'),
      prefix: 8,
    });
    expect(parseIpBlock('10.0.0.5')).toMatchObject({ start: v4('10.0.0.5'), end: v4('10.0.0.5') });
    expect(parseIpBlock('0.0.0.0/0')).toMatchObject({ start: 0, end: 0xffffffff });
    expect(parseIpBlock('10.0.0.5/8')).toEqual({
      error: 'the address has bits set after the prefix length',
    });
    expect(parseIpBlock('10.0.0.0/33')).toHaveProperty('error');
    expect(parseIpBlock('fd00::/129')).toHaveProperty('error');
    expect(parseIpBlock('fd00::/8')).toMatchObject({ family: 6, prefix: 8 });
    expect(parseIpBlock('::ffff:10.0.0.0/104')).toEqual({
      family: 4,
      start: v4('10.0.0.0'),
      end: v4('10.255.255.255'),
      prefix: 8,
    });
    expect(parseIpBlock('git.corp.example')).toBeUndefined();
  });
});

describe('host patterns', () => {
  it('reads names, wildcards and IPs, normalized', () => {
    expect(parseHostPattern('Git.Corp.Example.')).toEqual({
      kind: 'exact',
      host: 'git.corp.example',
    });
    expect(parseHostPattern('*.corp.example')).toEqual({
      kind: 'wildcard',
      suffix: 'corp.example',
      labels: 2,
    });
    expect(parseHostPattern('[fd00::1]')).toMatchObject({ kind: 'ip', block: { prefix: 128 } });
    expect(parseHostPattern('bücher.example')).toEqual({
      kind: 'exact',
      host: 'xn--bcher-kva.example',
    });
    expect(parseHostPattern('localhost')).toEqual({ kind: 'exact', host: 'localhost' });
  });

  it('refuses what would match something else than it says', () => {
    for (const bad of [
      '',
      '*',
      '*.',
      'a.*.example',
      'git*.example',
      '**.example',
      'a..b',
      '-a.example',
      'a b.example',
      'user@host.example',
      'host.example/path',
      '10.1', // a browser reads this as 10.0.0.1
      'intranet.0x1f',
      '*.10',
      `${'a'.repeat(64)}.example`,
    ]) {
      expect(parseHostPattern(bad), bad).toHaveProperty('error');
    }
  });
});

describe('destinations', () => {
  it('keeps plain names and IPs', () => {
    expect(normalizeDestinationHost('GIT.corp.example.')).toEqual({
      kind: 'name',
      host: 'git.corp.example',
    });
    expect(normalizeDestinationHost('10.0.0.1')).toEqual({ kind: 'v4', ip: v4('10.0.0.1') });
    expect(normalizeDestinationHost('[fd00::1]')).toEqual({ kind: 'v6', ip: (0xfdn << 120n) | 1n });
    expect(normalizeDestinationHost('fe80::1%eth0')).toEqual({
      kind: 'v6',
      ip: (0xfe80n << 112n) | 1n,
    });
  });

  it('reads IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(normalizeDestinationHost('[::ffff:10.0.0.1]')).toEqual({
      kind: 'v4',
      ip: v4('10.0.0.1'),
    });
  });

  it('reads numeric forms the way a browser (and getaddrinfo) would', () => {
    const ten = { kind: 'v4', ip: v4('10.0.0.1') };
    expect(normalizeDestinationHost('0x0a000001')).toEqual(ten);
    expect(normalizeDestinationHost('167772161')).toEqual(ten);
    expect(normalizeDestinationHost('10.1')).toEqual(ten);
    expect(normalizeDestinationHost('012.0.0.01')).toEqual(ten);
    expect(normalizeDestinationHost('0xa.0.0.1')).toEqual(ten);
  });

  it('turns IDN into punycode and refuses what is not a host', () => {
    expect(normalizeDestinationHost('BÜCHER.example')).toEqual({
      kind: 'name',
      host: 'xn--bcher-kva.example',
    });
    for (const bad of [
      '',
      'a b',
      'evil.example@10.0.0.1',
      'host/x',
      '%31%30.0.0.1',
      '[fd00::1',
      '1.2.3.999',
      '1::2::3',
      'x'.repeat(301),
    ]) {
      expect(normalizeDestinationHost(bad), bad).toBeUndefined();
    }
  });
});

describe('ports', () => {
  it('parses single ports, ranges and any, merging overlaps', () => {
    expect([...(parsePortSpec('*') as Int32Array)]).toEqual([1, 65535]);
    expect([...(parsePortSpec('') as Int32Array)]).toEqual([1, 65535]);
    expect([...(parsePortSpec('443') as Int32Array)]).toEqual([443, 443]);
    expect([...(parsePortSpec('8443, 80,443,8000-8100,8050-8200') as Int32Array)]).toEqual([
      80, 80, 443, 443, 8000, 8200, 8443, 8443,
    ]);
    expect([...(parsePortSpec('80,81') as Int32Array)]).toEqual([80, 81]);
  });

  it('refuses bad specs', () => {
    for (const bad of ['0', '65536', '10-5', 'http', '80,', '1-2-3', '-1', '08']) {
      expect(parsePortSpec(bad), bad).toHaveProperty('error');
    }
    expect(parsePortSpec(Array.from({ length: 65 }, (_, i) => i + 1).join(','))).toHaveProperty(
      'error',
    );
  });

  it('measures the range holding a port and intersects specs', () => {
    const spec = parsePortSpec('80,8000-8099') as Int32Array;
    expect(portRangeWidth(spec, 80)).toBe(1);
    expect(portRangeWidth(spec, 8050)).toBe(100);
    expect(portRangeWidth(spec, 81)).toBe(0);
    expect(portRangeWidth(spec, 9000)).toBe(0);
    const a = parsePortSpec('80,443') as Int32Array;
    expect(portRangesIntersect(a, parsePortSpec('400-500') as Int32Array)).toBe(true);
    expect(portRangesIntersect(a, parsePortSpec('81-442,444') as Int32Array)).toBe(false);
  });
});
