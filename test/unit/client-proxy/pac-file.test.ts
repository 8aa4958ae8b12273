// The generated PAC file, evaluated in node:vm with the standard PAC helpers: every address of
// the destination map goes to the proxy, everything else DIRECT; checked case by case and, for
// random hosts, against the policy core's enforcer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderPacFile } from '../../../main/core/proxy/pac-file.ts';
import {
  createEntitlementEnforcer,
  type DestinationMap,
} from '../../../shared/domain/policy/index.ts';
import { loadPac } from './pac-sandbox.ts';

const PROXY = 'PROXY 127.0.0.1:41234';
const addr = (host: string, ports = '*') => ({ host, ports, protocol: 'any' as const });

const MAP: DestinationMap = {
  version: 'v1',
  applications: [
    { id: 'git', enabled: true, addresses: [addr('git.corp.example', '443')] },
    { id: 'wiki', enabled: true, addresses: [addr('*.wiki.corp.example')] },
    { id: 'lab', enabled: false, addresses: [addr('10.20.0.0/16'), addr('192.168.7.9')] },
    { id: 'v6', enabled: true, addresses: [addr('fd00:1234::/32')] },
    { id: 'odd', enabled: true, addresses: [addr('__proto__'), addr('intranet')] },
  ],
};

const pacFor = (map: DestinationMap, resolveNames?: boolean) =>
  renderPacFile(map, {
    proxyHost: '127.0.0.1',
    proxyPort: 41234,
    ...(resolveNames === undefined ? {} : { resolveNames }),
  });

describe('PAC file', () => {
  it('routes exact names, wildcards (strictly below) and IPv4 blocks to the proxy', () => {
    const pac = loadPac(pacFor(MAP, false));
    const cases: [string, string][] = [
      ['git.corp.example', PROXY],
      ['GIT.Corp.Example.', PROXY],
      ['corp.example', 'DIRECT'],
      ['docs.wiki.corp.example', PROXY],
      ['a.b.wiki.corp.example', PROXY],
      ['wiki.corp.example', 'DIRECT'],
      ['xwiki.corp.example', 'DIRECT'],
      ['10.20.0.1', PROXY],
      ['10.20.255.255', PROXY],
      ['10.21.0.1', 'DIRECT'],
      ['192.168.7.9', PROXY],
      ['192.168.7.10', 'DIRECT'],
      ['intranet', PROXY],
      ['__proto__', PROXY],
      ['constructor', 'DIRECT'],
      ['hasOwnProperty', 'DIRECT'],
      ['www.example.com', 'DIRECT'],
    ];
    for (const [host, want] of cases) {
      expect([host, pac.find(`http://${host}/`, host)]).toEqual([host, want]);
    }
    // A name is never resolved when resolveNames is off.
    expect(pac.resolved).toEqual([]);
  });

  it('never falls back to DIRECT for a private destination (a dead proxy must not bypass it)', () => {
    const text = pacFor(MAP);
    expect(text).toContain('"PROXY 127.0.0.1:41234"');
    expect(text).not.toMatch(/PROXY[^"]*;\s*DIRECT/);
  });

  it('matches IPv6 blocks with isInNetEx, and sends every IPv6 literal to the proxy without it', () => {
    const ex = loadPac(pacFor(MAP, false), { ipv6Extensions: true });
    expect(ex.find('http://[fd00:1234::5]/', 'fd00:1234::5')).toBe(PROXY);
    expect(ex.find('http://[fd00:1234::5]/', '[fd00:1234::5]')).toBe(PROXY);
    expect(ex.find('http://[fd00:9999::5]/', 'fd00:9999::5')).toBe('DIRECT');
    const classic = loadPac(pacFor(MAP, false));
    expect(classic.find('http://[2001:db8::1]/', '2001:db8::1')).toBe(PROXY);
    // Without IPv6 blocks in the map, IPv6 literals go direct.
    const noV6 = loadPac(pacFor({ ...MAP, applications: MAP.applications.slice(0, 3) }, false));
    expect(noV6.find('http://[2001:db8::1]/', '2001:db8::1')).toBe('DIRECT');
  });

  it('routes unlisted names by their address when resolving (the default with IP blocks)', () => {
    const pac = loadPac(pacFor(MAP), {
      dns: { 'jira.internal': '10.20.3.4', 'www.example.com': '93.184.216.34' },
    });
    expect(pac.find('http://jira.internal/', 'jira.internal')).toBe(PROXY);
    expect(pac.find('http://www.example.com/', 'www.example.com')).toBe('DIRECT');
    expect(pac.find('http://nx.example/', 'nx.example')).toBe('DIRECT');
    // Listed names are decided without a lookup.
    pac.resolved.length = 0;
    expect(pac.find('https://git.corp.example/', 'git.corp.example')).toBe(PROXY);
    expect(pac.resolved).toEqual([]);
  });

  it('does not resolve names when the map has no IP blocks', () => {
    const names: DestinationMap = { version: 'n', applications: MAP.applications.slice(0, 2) };
    const pac = loadPac(pacFor(names), { dns: { 'jira.internal': '10.20.3.4' } });
    expect(pac.find('http://jira.internal/', 'jira.internal')).toBe('DIRECT');
    expect(pac.resolved).toEqual([]);
  });

  it('an empty map sends everything DIRECT', () => {
    const pac = loadPac(pacFor({ version: 'e', applications: [] }));
    for (const h of ['git.corp.example', '10.0.0.1', 'fd00::1']) {
      expect(pac.find(`http://${h}/`, h)).toBe('DIRECT');
    }
  });

  it('agrees with the enforcer on random hosts: PROXY exactly when some application claims them', () => {
    const map: DestinationMap = {
      version: 'p',
      applications: [
        { id: 'a', enabled: true, addresses: [addr('a.x'), addr('*.b.x'), addr('*.c.b.x')] },
        { id: 'b', enabled: true, addresses: [addr('10.1.0.0/16'), addr('10.2.3.0/24')] },
        { id: 'c', enabled: true, addresses: [addr('10.0.0.0/8'), addr('fd00::/16')] },
        { id: 'd', enabled: true, addresses: [addr('x'), addr('*.y')] },
      ],
    };
    const enforcer = createEntitlementEnforcer(map, null);
    const pac = loadPac(pacFor(map, false), { ipv6Extensions: true });
    const label = fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z', 'B', 'X');
    const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
    const v4 = fc
      .tuple(
        fc.constantFrom(10, 11, 192),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 255 }),
      )
      .map((p) => p.join('.'));
    const v6 = fc
      .tuple(fc.constantFrom('fd00', 'fd01', 'fe80'), fc.integer({ min: 0, max: 0xffff }))
      .map(([a, b]) => `${a}::${b.toString(16)}`);
    fc.assert(
      fc.property(fc.oneof(name, v4, v6), (host) => {
        const claimed = enforcer.check(host, 443, 'any', 0).kind !== 'direct';
        expect(pac.find(`https://${host}/`, host)).toBe(claimed ? PROXY : 'DIRECT');
      }),
      { numRuns: 2000, seed: 6 },
    );
  });
});
