import { describe, expect, it } from 'vitest';
import {
  compilePolicies,
  findAddressOverlaps,
  type ApplicationInput,
} from '../../../shared/domain/policy/index.ts';
import { ctx, policy, set, user } from './fixtures.ts';

const app = (
  id: string,
  ...addresses: ApplicationInput['addresses'] & object
): ApplicationInput => ({
  id,
  name: id,
  addresses,
});

const APPS: ApplicationInput[] = [
  app('corp', { host: '*.corp.example' }),
  app('git', { host: 'git.corp.example', ports: '443', protocol: 'https' }),
  app('git-ssh', { host: 'git.corp.example', ports: '22', protocol: 'tcp' }),
  app('deep', { host: '*.eu.corp.example' }),
  app('lan', { host: '10.0.0.0/8' }),
  app('db', { host: '10.1.0.0/16', ports: '5432', protocol: 'tcp' }),
  app('db-host', { host: '10.1.2.3' }),
  app('web-range', { host: '10.2.0.0/16', ports: '8000-8999', protocol: 'http' }),
  app('v6', { host: 'fd00::/8' }),
  app('v6-host', { host: 'fd00::10' }),
  app('dns', { host: '10.53.0.53', ports: '53', protocol: 'udp' }),
];
const compiled = compilePolicies(set([], { applications: APPS }));
const match = (
  host: string,
  port: number,
  proto: Parameters<typeof compiled.matchDestination>[2],
) => compiled.matchDestination(host, port, proto);

describe('matching destinations', () => {
  it('wildcards take every depth below the suffix, never the suffix itself', () => {
    expect(match('a.corp.example', 443, 'https')).toEqual(['corp']);
    expect(match('a.b.c.corp.example', 80, 'http')).toEqual(['corp']);
    expect(match('corp.example', 443, 'https')).toEqual([]);
    expect(match('xcorp.example', 443, 'https')).toEqual([]);
    expect(match('A.CORP.EXAMPLE.', 443, 'https')).toEqual(['corp']);
  });

  it('orders by specificity: exact host, longer suffix, shorter', () => {
    expect(match('git.corp.example', 443, 'https')).toEqual(['git', 'corp']);
    expect(match('x.eu.corp.example', 443, 'tcp')).toEqual(['deep', 'corp']);
    expect(match('git.corp.example', 22, 'tcp')).toEqual(['git-ssh', 'corp']);
    expect(match('git.corp.example', 80, 'http')).toEqual(['corp']);
  });

  it('applies ports and the protocol matrix (http/https run over tcp)', () => {
    expect(match('git.corp.example', 443, 'tcp')).toEqual(['corp']);
    expect(match('git.corp.example', 443, 'http')).toEqual(['corp']);
    expect(match('git.corp.example', 443, 'any')).toEqual(['git', 'corp']);
    expect(match('10.1.9.9', 5432, 'tcp')).toEqual(['db', 'lan']);
    expect(match('10.1.9.9', 5432, 'https')).toEqual(['db', 'lan']);
    expect(match('10.1.9.9', 5432, 'udp')).toEqual(['lan']);
    expect(match('10.53.0.53', 53, 'udp')).toEqual(['dns', 'lan']);
    expect(match('10.53.0.53', 53, 'tcp')).toEqual(['lan']);
    expect(match('10.2.3.4', 8080, 'http')).toEqual(['web-range', 'lan']);
    expect(match('10.2.3.4', 8080, 'https')).toEqual(['lan']);
    expect(match('10.2.3.4', 9000, 'http')).toEqual(['lan']);
  });

  it('nests CIDR blocks: the longest prefix first; edges are inclusive', () => {
    expect(match('10.1.2.3', 5432, 'tcp')).toEqual(['db-host', 'db', 'lan']);
    expect(match('10.1.2.3', 80, 'tcp')).toEqual(['db-host', 'lan']);
    expect(match('10.0.0.0', 1, 'tcp')).toEqual(['lan']);
    expect(match('10.255.255.255', 1, 'tcp')).toEqual(['lan']);
    expect(match('11.0.0.0', 1, 'tcp')).toEqual([]);
    expect(match('9.255.255.255', 1, 'tcp')).toEqual([]);
  });

  it('reads IPv6, bracketed and IPv4-mapped destinations', () => {
    expect(match('[fd00::10]', 443, 'https')).toEqual(['v6-host', 'v6']);
    expect(match('fdff:ffff::1', 443, 'https')).toEqual(['v6']);
    expect(match('fe00::1', 443, 'https')).toEqual([]);
    expect(match('::ffff:10.1.2.3', 22, 'tcp')).toEqual(['db-host', 'lan']);
  });

  it('catches numeric host spellings that resolve into a block', () => {
    expect(match('0x0a010203', 22, 'tcp')).toEqual(['db-host', 'lan']);
    expect(match('10.66051', 22, 'tcp')).toEqual(['db-host', 'lan']);
  });

  it('returns nothing for invalid destinations and ports', () => {
    expect(match('git.corp.example', 0, 'https')).toEqual([]);
    expect(match('git.corp.example', 70000, 'https')).toEqual([]);
    expect(match('not a host', 443, 'https')).toEqual([]);
    expect(match('git.corp.example', 443, 'smtp' as 'tcp')).toEqual([]);
  });
});

describe('deciding destinations', () => {
  const policies = [
    policy({ subjects: { users: ['eng'] }, resources: { applications: ['corp', 'lan'] } }),
    policy({ subjects: { users: ['dba'] }, resources: { applications: ['db', 'lan', 'corp'] } }),
  ];
  const c = compilePolicies(set(policies, { applications: APPS }));
  const eng = user([], {}, 'eng');
  const dba = user([], {}, 'dba');

  it('the most specific application decides (a carve-out inside a broad one)', () => {
    expect(c.decideDestination(eng, 'wiki.corp.example', 443, 'https', ctx())).toMatchObject({
      decision: 'allow',
      appId: 'corp',
      appIds: ['corp'],
      policyId: policies[0]!.id,
    });
    expect(c.decideDestination(eng, 'git.corp.example', 443, 'https', ctx())).toMatchObject({
      decision: 'deny',
      reason: 'default_deny',
      appId: 'git',
    });
    expect(c.decideDestination(eng, '10.1.0.9', 5432, 'tcp', ctx())).toMatchObject({
      decision: 'deny',
      appId: 'db',
    });
    expect(c.decideDestination(dba, '10.1.0.9', 5432, 'tcp', ctx())).toMatchObject({
      decision: 'allow',
      appId: 'db',
    });
    expect(c.decideDestination(eng, '10.1.0.9', 80, 'tcp', ctx())).toMatchObject({
      decision: 'allow',
      appId: 'lan',
    });
  });

  it('says when a destination is outside every application or invalid', () => {
    expect(c.decideDestination(eng, 'example.com', 443, 'https', ctx())).toEqual({
      decision: 'deny',
      reason: 'no_application',
      appIds: [],
    });
    expect(c.decideDestination(eng, 'a b', 443, 'https', ctx())).toEqual({
      decision: 'deny',
      reason: 'invalid_destination',
      appIds: [],
    });
  });

  it('a tie between equally specific applications needs every one to allow', () => {
    const twins = [
      app('a', { host: 'jira.corp.example' }),
      app('b', { host: 'jira.corp.example' }),
    ];
    const tie = compilePolicies(
      set([policy({ subjects: { users: ['x'] }, resources: { applications: ['a'] } })], {
        applications: twins,
      }),
    );
    expect(
      tie.decideDestination(user([], {}, 'x'), 'jira.corp.example', 443, 'https', ctx()),
    ).toMatchObject({
      decision: 'deny',
      reason: 'default_deny',
      appId: 'b',
      appIds: ['a', 'b'],
    });
    const both = compilePolicies(set([policy()], { applications: twins }));
    expect(
      both.decideDestination(user([]), 'jira.corp.example', 443, 'https', ctx()),
    ).toMatchObject({
      decision: 'allow',
      appId: 'a',
      appIds: ['a', 'b'],
    });
  });

  it('a disabled application still claims its addresses (and denies)', () => {
    const off = compilePolicies(
      set([policy()], {
        applications: [
          app('lan', { host: '10.0.0.0/8' }),
          { ...app('db', { host: '10.1.0.0/16' }), enabled: false },
        ],
      }),
    );
    expect(off.decideDestination(user([]), '10.1.1.1', 22, 'tcp', ctx())).toMatchObject({
      decision: 'deny',
      reason: 'disabled_app',
      appId: 'db',
    });
    expect(off.matchDestination('10.1.1.1', 22, 'tcp')).toEqual(['db', 'lan']);
  });
});

describe('address overlaps', () => {
  it('reports same-host pairs and nested addresses across applications', () => {
    const report = findAddressOverlaps(APPS);
    const pairs = report.overlaps.map((o) => `${o.kind}:${o.outer.app_id}>${o.inner.app_id}`);
    expect(pairs.sort()).toEqual(
      [
        'nested:corp>git',
        'nested:corp>git-ssh',
        'nested:corp>deep',
        'nested:lan>db',
        'nested:lan>db-host',
        'nested:db>db-host',
        'nested:lan>web-range',
        'nested:lan>dns',
        'nested:v6>v6-host',
      ].sort(),
    );
    expect(report.truncated).toBe(false);
    // git (443/https) and git-ssh (22/tcp) share a host but no port: not an overlap.
    expect(pairs).not.toContain('same_host:git>git-ssh');
  });

  it('flags identical hosts, blocks and wildcards whose ports and protocols meet', () => {
    const report = findAddressOverlaps([
      app(
        'a',
        { host: 'jira.corp.example', ports: '443' },
        { host: '*.x.example' },
        { host: '10.0.0.0/24' },
      ),
      app(
        'b',
        { host: 'JIRA.corp.example.', ports: '400-500' },
        { host: '*.x.example', protocol: 'udp' },
      ),
      app(
        'c',
        { host: '10.0.0.0/24', protocol: 'https' },
        { host: '*.x.example', protocol: 'tcp' },
      ),
    ]);
    const pairs = report.overlaps.map(
      (o) => `${o.kind}:${o.outer.app_id}.${o.outer.address}>${o.inner.app_id}.${o.inner.address}`,
    );
    expect(pairs.sort()).toEqual(
      ['same_host:a.0>b.0', 'same_host:a.1>b.1', 'same_host:a.1>c.1', 'same_host:a.2>c.0'].sort(),
    );
    // b's udp wildcard and c's tcp wildcard share no protocol.
    expect(pairs).not.toContain('same_host:b.1>c.1');
  });

  it('ignores overlaps inside one application and caps the list', () => {
    expect(
      findAddressOverlaps([app('a', { host: '*.corp.example' }, { host: 'git.corp.example' })])
        .overlaps,
    ).toEqual([]);
    const many = Array.from({ length: 30 }, (_, i) => app(`h${i}`, { host: `h${i}.corp.example` }));
    const report = findAddressOverlaps([app('all', { host: '*.corp.example' }), ...many], 10);
    expect(report.overlaps).toHaveLength(10);
    expect(report.truncated).toBe(true);
  });
});
