import { describe, expect, it } from 'vitest';
import {
  compilePolicies,
  createEntitlementEnforcer,
  destinationMapSchema,
  entitlementsSchema,
  reasonText,
  REASON_CODES,
  REASON_MESSAGES,
} from '../../../shared/domain/policy/index.ts';
import { APPS, ctx, MONDAY_10, policy, set, user } from './fixtures.ts';

const devAllow = policy({
  name: 'Engineers: dev tools',
  priority: 20,
  subjects: { departments: [{ id: 'eng' }] },
  resources: { tags: ['dev'] },
});
const ciDeny = policy({
  name: 'Frontend: no CI',
  priority: 10,
  action: 'deny',
  subjects: { departments: [{ id: 'fe' }] },
  resources: { applications: ['ci'] },
});
const officeWiki = policy({
  name: 'Wiki in office hours',
  priority: 30,
  subjects: { all_users: true },
  resources: { applications: ['wiki'] },
  conditions: {
    time_windows: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start_minute: 540, end_minute: 1080 },
    ],
  },
});
const c = compilePolicies(set([devAllow, ciDeny, officeWiki]));

describe('entitlements', () => {
  it('list the allowed applications with addresses and the deciding policy, and explicit denies', () => {
    const e = c.entitlementsFor(user(['fe']), ctx());
    expect(entitlementsSchema.parse(e)).toEqual(e);
    expect(e.applications.map((a) => [a.id, a.decided_by.policy_id])).toEqual([
      ['git', devAllow.id],
      ['wiki', officeWiki.id],
    ]);
    expect(e.applications[0]).toEqual({
      id: 'git',
      name: 'Git',
      description: '',
      tags: ['dev'],
      addresses: [{ host: 'git.corp.example', ports: '443', protocol: 'https' }],
      portal_url: 'https://git.corp.example/',
      decided_by: { policy_id: devAllow.id, policy_name: 'Engineers: dev tools', priority: 20 },
    });
    expect(e.denied).toEqual([
      { app_id: 'ci', policy_id: ciDeny.id, policy_name: 'Frontend: no CI' },
    ]);
    expect(e.policy_set_version).toBe(c.version);
    expect(e.user_id).toBe('u1');
    expect(e.computed_at).toBe(MONDAY_10);
  });

  it('agree with decide() for every application', () => {
    for (const depts of [['fe'], ['be'], ['hr'], ['infra', 'fe'], []]) {
      const u = user(depts);
      const e = c.entitlementsFor(u, ctx());
      // Listed in application id order.
      const allowed = APPS.map((a) => a.id)
        .sort()
        .filter((id) => c.decide(u, id, ctx()).decision === 'allow');
      expect(e.applications.map((a) => a.id)).toEqual(allowed);
      for (const d of e.denied) expect(c.decide(u, d.app_id, ctx()).reason).toBe('matched_deny');
    }
  });

  it('expire at the next edge of a time window that concerns the user', () => {
    const e = c.entitlementsFor(user(['hr']), ctx());
    expect(e.valid_until).toBe(Date.UTC(2026, 0, 5, 10, 0)); // Monday 18:00 in Shanghai
    const evening = c.entitlementsFor(user(['hr']), ctx({ time: Date.UTC(2026, 0, 5, 11, 0) }));
    expect(evening.applications).toEqual([]);
    expect(evening.valid_until).toBe(Date.UTC(2026, 0, 6, 1, 0)); // Tuesday 09:00
    const noWindows = compilePolicies(set([devAllow])).entitlementsFor(user(['be']), ctx());
    expect(noWindows.valid_until).toBeNull();
  });

  it('leave disabled applications out', () => {
    const off = compilePolicies(
      set([devAllow], {
        applications: APPS.map((a) => (a.id === 'git' ? { ...a, enabled: false } : a)),
      }),
    );
    expect(off.entitlementsFor(user(['be']), ctx()).applications.map((a) => a.id)).toEqual(['ci']);
  });

  it('version: stable for the same inputs, changed by departments, attributes, policies or result', () => {
    const v = (u = user(['be'], { city: 'Beijing' }), compiled = c, at = ctx()) =>
      compiled.entitlementsFor(u, at).version;
    expect(v()).toBe(v());
    expect(v()).toMatch(/^e-[0-9a-f]{16}$/);
    expect(v(user(['be'], { city: 'Beijing' }), c, ctx({ time: MONDAY_10 + 60_000 }))).toBe(v());
    // Same departments in another order, same attribute spelled as a number or string.
    expect(v(user(['eng', 'be'], { n: 1 }))).toBe(v(user(['be', 'eng'], { n: '1' })));
    expect(v(user(['infra'], { city: 'Beijing' }))).not.toBe(v());
    expect(v(user(['be'], { city: 'Shanghai' }))).not.toBe(v());
    expect(v(user(['be'], { city: 'Beijing' }, 'u2'))).not.toBe(v());
    const recompiled = compilePolicies(set([devAllow, ciDeny, officeWiki]));
    expect(v(undefined, recompiled)).toBe(v());
    const changed = compilePolicies(set([devAllow, ciDeny, { ...officeWiki, name: 'Wiki!' }]));
    expect(v(undefined, changed)).not.toBe(v());
  });

  it('share frozen entries between users', () => {
    const a = c.entitlementsFor(user(['be'], {}, 'a'), ctx());
    const b = c.entitlementsFor(user(['fe'], {}, 'b'), ctx());
    const gitOf = (e: typeof a) => e.applications.find((x) => x.id === 'git')!;
    expect(gitOf(a)).toBe(gitOf(b));
    expect(Object.isFrozen(gitOf(a))).toBe(true);
    expect(Object.isFrozen(gitOf(a).addresses)).toBe(true);
    expect(Object.isFrozen(gitOf(a).addresses[0])).toBe(true);
  });
});

describe('client enforcement', () => {
  const map = destinationMapSchema.parse(c.destinationMap());
  const fe = c.entitlementsFor(user(['fe']), ctx());
  const enforcer = createEntitlementEnforcer(map, fe);

  it('sends destinations outside every application DIRECT', () => {
    expect(enforcer.check('www.example.com', 443, 'https', MONDAY_10)).toEqual({ kind: 'direct' });
    expect(enforcer.check('git.corp.example', 80, 'http', MONDAY_10)).toEqual({ kind: 'direct' });
  });

  it('allows entitled destinations and names the policy of an explicit deny', () => {
    expect(enforcer.check('git.corp.example', 443, 'https', MONDAY_10)).toEqual({
      kind: 'allow',
      reason: 'matched_allow',
      appId: 'git',
      appIds: ['git'],
      policyId: devAllow.id,
      policyName: 'Engineers: dev tools',
    });
    expect(enforcer.check('ci.corp.example', 443, 'https', MONDAY_10)).toEqual({
      kind: 'deny',
      reason: 'matched_deny',
      appId: 'ci',
      appIds: ['ci'],
      policyId: ciDeny.id,
      policyName: 'Frontend: no CI',
    });
    expect(enforcer.check('pay.corp.example', 443, 'https', MONDAY_10)).toMatchObject({
      kind: 'deny',
      reason: 'default_deny',
      appId: 'payroll',
    });
  });

  it('agrees with the control plane for every destination and user', () => {
    const hosts = [
      'git.corp.example',
      'ci.corp.example',
      'pay.corp.example',
      'a.wiki.corp.example',
      'x.example',
    ];
    for (const depts of [['fe'], ['be'], ['hr'], []]) {
      const u = user(depts);
      const e = createEntitlementEnforcer(map, c.entitlementsFor(u, ctx()));
      for (const h of hosts) {
        const server = c.decideDestination(u, h, 443, 'https', ctx());
        const client = e.check(h, 443, 'https', MONDAY_10);
        if (server.reason === 'no_application') expect(client.kind).toBe('direct');
        else
          expect(client).toMatchObject({
            kind: server.decision,
            reason: server.reason,
            appId: server.appId,
          });
      }
    }
  });

  it('denies everything private when signed out, stale, invalid or disabled', () => {
    const out = createEntitlementEnforcer(map, null);
    expect(out.check('git.corp.example', 443, 'https', MONDAY_10)).toMatchObject({
      kind: 'deny',
      reason: 'signed_out',
    });
    expect(out.check('example.com', 443, 'https', MONDAY_10)).toEqual({ kind: 'direct' });
    const later = fe.valid_until! + 1;
    expect(enforcer.check('git.corp.example', 443, 'https', later)).toMatchObject({
      kind: 'deny',
      reason: 'entitlements_expired',
    });
    expect(enforcer.check('bad host', 443, 'https', MONDAY_10)).toMatchObject({
      kind: 'deny',
      reason: 'invalid_destination',
    });
    const offMap = {
      ...map,
      applications: map.applications.map((a) => (a.id === 'git' ? { ...a, enabled: false } : a)),
    };
    expect(
      createEntitlementEnforcer(offMap, fe).check('git.corp.example', 443, 'https', MONDAY_10),
    ).toMatchObject({
      kind: 'deny',
      reason: 'disabled_app',
    });
  });
});

describe('reason texts', () => {
  it('exist in both languages for every code and name the policy', () => {
    for (const code of REASON_CODES) {
      expect(REASON_MESSAGES[code].en.length).toBeGreaterThan(0);
      expect(REASON_MESSAGES[code]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(reasonText('matched_deny', 'en', 'No CI')).toBe('Denied by the policy "No CI".');
    expect(reasonText('matched_deny', 'zh-CN', 'No CI')).toBe('策略“No CI”拒绝访问。');
  });
});
