import { describe, expect, it } from 'vitest';
import {
  compilePolicies,
  comparePolicies,
  PolicySetError,
  policySchema,
  type PolicyInput,
} from '../../../shared/domain/policy/index.ts';
import { APPS, ctx, policy, set, TREE, user } from './fixtures.ts';

describe('default deny', () => {
  it('denies when no policy exists, none covers the app, or none takes the user in', () => {
    expect(compilePolicies(set([])).decide(user(['be']), 'git', ctx())).toEqual({
      decision: 'deny',
      reason: 'default_deny',
    });
    const c = compilePolicies(
      set([
        policy({ resources: { applications: ['wiki'] } }),
        policy({ subjects: { departments: [{ id: 'hr' }] }, resources: { applications: ['git'] } }),
      ]),
    );
    expect(c.decide(user(['be']), 'git', ctx()).reason).toBe('default_deny');
    expect(c.decide(user(['hr']), 'git', ctx()).reason).toBe('matched_allow');
    expect(c.decide(user([]), 'wiki', ctx()).reason).toBe('matched_allow');
  });

  it('denies unknown and disabled applications before any policy', () => {
    const c = compilePolicies(
      set([policy()], {
        applications: [...APPS.slice(1), { ...APPS[0]!, enabled: false }],
      }),
    );
    expect(c.decide(user(['be']), 'git', ctx())).toEqual({
      decision: 'deny',
      reason: 'disabled_app',
    });
    expect(c.decide(user(['be']), 'nope', ctx())).toEqual({
      decision: 'deny',
      reason: 'unknown_app',
    });
    expect(c.decide(user(['be']), 'ci', ctx()).reason).toBe('matched_allow');
  });
});

describe('order and ties', () => {
  it('lower priority number wins, whatever the input order', () => {
    const deny = policy({ priority: 10, action: 'deny', name: 'deny first' });
    const allow = policy({ priority: 20, name: 'allow later' });
    for (const order of [
      [deny, allow],
      [allow, deny],
    ]) {
      const d = compilePolicies(set(order)).decide(user(['be']), 'git', ctx());
      expect(d).toEqual({
        decision: 'deny',
        reason: 'matched_deny',
        policyId: deny.id,
        policyName: 'deny first',
        priority: 10,
      });
    }
    const earlyAllow = policy({ priority: 5 });
    expect(compilePolicies(set([deny, allow, earlyAllow])).decide(user([]), 'git', ctx())).toEqual(
      expect.objectContaining({ decision: 'allow', policyId: earlyAllow.id }),
    );
  });

  it('at equal priority deny beats allow, then the smaller id wins', () => {
    const a = { ...policy({ priority: 50 }), id: 'b-allow' };
    const d = { ...policy({ priority: 50, action: 'deny' }), id: 'z-deny' };
    expect(compilePolicies(set([a, d])).decide(user([]), 'git', ctx()).policyId).toBe('z-deny');
    const a1 = { ...policy({ priority: 50 }), id: 'a1', name: 'A1' };
    const a2 = { ...policy({ priority: 50 }), id: 'a2', name: 'A2' };
    expect(compilePolicies(set([a2, a1])).decide(user([]), 'git', ctx()).policyId).toBe('a1');
    // Code-unit order, not locale order: upper case sorts before lower case.
    const upper = { ...policy({ priority: 50 }), id: 'Zed' };
    const lower = { ...policy({ priority: 50 }), id: 'abc' };
    expect(compilePolicies(set([lower, upper])).decide(user([]), 'git', ctx()).policyId).toBe(
      'Zed',
    );
    const sorted = [a2, d, a1, a].map((p) => policySchema.parse(p)).sort(comparePolicies);
    expect(sorted.map((p) => p.id)).toEqual(['z-deny', 'a1', 'a2', 'b-allow']);
  });

  it('ignores disabled policies entirely', () => {
    const off = policy({ priority: 1, action: 'deny', enabled: false });
    const on = policy({ priority: 2 });
    const c = compilePolicies(set([off, on]));
    expect(c.decide(user([]), 'git', ctx()).policyId).toBe(on.id);
    expect(compilePolicies(set([off])).decide(user([]), 'git', ctx()).reason).toBe('default_deny');
    expect(c.explain(user([]), 'git', ctx()).disabled_policy_ids).toEqual([off.id]);
  });
});

describe('subjects', () => {
  const only = (subjects: PolicyInput['subjects']) => compilePolicies(set([policy({ subjects })]));

  it('takes in sub-departments at any depth when include_sub_departments is on', () => {
    const c = only({ departments: [{ id: 'eng', include_sub_departments: true }] });
    for (const d of ['eng', 'be', 'fe', 'infra']) {
      expect(c.decide(user([d]), 'git', ctx()).decision, d).toBe('allow');
    }
    for (const d of ['0', 'hr', 'unknown-dept']) {
      expect(c.decide(user([d]), 'git', ctx()).decision, d).toBe('deny');
    }
  });

  it('takes in only direct members when include_sub_departments is off', () => {
    const c = only({ departments: [{ id: 'eng', include_sub_departments: false }] });
    expect(c.decide(user(['eng']), 'git', ctx()).decision).toBe('allow');
    expect(c.decide(user(['be']), 'git', ctx()).decision).toBe('deny');
    expect(c.decide(user(['be', 'eng']), 'git', ctx()).decision).toBe('allow');
  });

  it('defaults include_sub_departments to on and treats the root "0" as the whole tree', () => {
    expect(
      only({ departments: [{ id: 'be' }] }).decide(user(['infra']), 'git', ctx()).decision,
    ).toBe('allow');
    const root = only({ departments: [{ id: '0' }] });
    expect(root.decide(user(['infra']), 'git', ctx()).decision).toBe('allow');
    expect(root.decide(user(['hr']), 'git', ctx()).decision).toBe('allow');
  });

  it('matches any one of several departments of the user', () => {
    const c = only({ departments: [{ id: 'hr', include_sub_departments: false }] });
    expect(c.decide(user(['infra', 'fe', 'hr']), 'git', ctx()).decision).toBe('allow');
  });

  it('names users directly, and combines names with departments as either-or', () => {
    const c = only({ users: ['alice'], departments: [{ id: 'hr' }] });
    expect(c.decide(user(['be'], {}, 'alice'), 'git', ctx()).decision).toBe('allow');
    expect(c.decide(user(['be'], {}, 'bob'), 'git', ctx()).decision).toBe('deny');
    expect(c.decide(user(['hr'], {}, 'bob'), 'git', ctx()).decision).toBe('allow');
  });

  it('narrows departments and all_users with attribute rules (all must hold)', () => {
    const c = only({
      departments: [{ id: 'eng' }],
      attributes: [
        { key: 'job_title', op: 'prefix', value: 'SRE' },
        { key: 'city', op: 'neq', value: 'London' },
      ],
    });
    expect(
      c.decide(user(['be'], { job_title: 'SRE II', city: 'Beijing' }), 'git', ctx()).decision,
    ).toBe('allow');
    expect(
      c.decide(user(['be'], { job_title: 'SRE II', city: 'London' }), 'git', ctx()).decision,
    ).toBe('deny');
    expect(c.decide(user(['hr'], { job_title: 'SRE II' }), 'git', ctx()).decision).toBe('deny');
    const attrsOnly = only({
      attributes: [{ key: 'employee_type', op: 'in', values: ['1', '2'] }],
    });
    expect(attrsOnly.decide(user([], { employee_type: 2 }), 'git', ctx()).decision).toBe('allow');
    expect(attrsOnly.decide(user([], { employee_type: 3 }), 'git', ctx()).decision).toBe('deny');
  });
});

describe('resources', () => {
  it('covers applications by id, by tag, or all of them', () => {
    const c = compilePolicies(
      set([
        policy({ subjects: { users: ['a'] }, resources: { tags: ['dev'] } }),
        policy({ subjects: { users: ['b'] }, resources: { applications: ['payroll'] } }),
      ]),
    );
    const a = user([], {}, 'a');
    expect(['git', 'ci', 'payroll', 'wiki'].map((x) => c.decide(a, x, ctx()).decision)).toEqual([
      'allow',
      'allow',
      'deny',
      'deny',
    ]);
    const b = user([], {}, 'b');
    expect(c.decide(b, 'payroll', ctx()).decision).toBe('allow');
    expect(c.decide(b, 'git', ctx()).decision).toBe('deny');
  });

  it('a broad deny at higher priority shuts out everything it covers', () => {
    const c = compilePolicies(
      set([
        policy({
          priority: 1,
          action: 'deny',
          subjects: {
            all_users: true,
            attributes: [{ key: 'employee_type', op: 'eq', value: '3' }],
          },
        }),
        policy({ priority: 2 }),
      ]),
    );
    expect(c.decide(user(['be'], { employee_type: 3 }), 'wiki', ctx()).reason).toBe('matched_deny');
    expect(c.decide(user(['be'], { employee_type: 1 }), 'wiki', ctx()).reason).toBe(
      'matched_allow',
    );
  });
});

describe('platform conditions', () => {
  const allowMac = policy({ priority: 20, conditions: { platforms: ['macos'] } });
  const denyWin = policy({ priority: 10, action: 'deny', conditions: { platforms: ['windows'] } });
  const c = compilePolicies(set([allowMac, denyWin]));

  it('apply only on the listed platforms', () => {
    expect(c.decide(user([]), 'git', ctx({ platform: 'macos' })).policyId).toBe(allowMac.id);
    expect(c.decide(user([]), 'git', ctx({ platform: 'windows' })).policyId).toBe(denyWin.id);
    expect(c.decide(user([]), 'git', ctx({ platform: 'linux' })).reason).toBe('default_deny');
  });

  it('fail closed when the platform is unknown: no allow by platform, deny still applies', () => {
    const d = c.decide(user([]), 'git', { time: ctx().time });
    expect(d.policyId).toBe(denyWin.id);
    const onlyAllow = compilePolicies(set([allowMac]));
    expect(onlyAllow.decide(user([]), 'git', { time: ctx().time }).reason).toBe('default_deny');
  });
});

describe('explanations', () => {
  it('lists every covering policy in order with what it said', () => {
    const p1 = policy({ priority: 1, subjects: { departments: [{ id: 'hr' }] } });
    const p2 = policy({
      priority: 2,
      subjects: { all_users: true, attributes: [{ key: 'city', op: 'eq', value: 'Paris' }] },
    });
    const p3 = policy({ priority: 3, conditions: { platforms: ['linux'] } });
    const p4 = policy({
      priority: 4,
      conditions: { time_windows: [{ days: ['sat'], start_minute: 0, end_minute: 1440 }] },
    });
    const p5 = policy({ priority: 5, action: 'deny' });
    const p6 = policy({ priority: 6 });
    const p7 = policy({ priority: 7, resources: { applications: ['ci'] } });
    const c = compilePolicies(set([p7, p6, p5, p4, p3, p2, p1]));
    const e = c.explain(user(['be'], { city: 'Beijing' }), 'git', ctx());
    expect(e.decision).toEqual(c.decide(user(['be'], { city: 'Beijing' }), 'git', ctx()));
    expect(e.steps.map((s) => [s.policy_id, s.outcome])).toEqual([
      [p1.id, 'not_in_subjects'],
      [p2.id, 'attribute_mismatch'],
      [p3.id, 'platform_mismatch'],
      [p4.id, 'outside_time_window'],
      [p5.id, 'matched'],
      [p6.id, 'not_reached'],
    ]);
    expect(e.steps[1]!.attribute_rule).toEqual({ index: 0, key: 'city' });
    expect(c.explain(user([]), 'missing', ctx()).decision.reason).toBe('unknown_app');
  });
});

describe('compiling', () => {
  it('refuses invalid sets with the issues, and duplicate ids', () => {
    const bad = () => compilePolicies(set([policy({ priority: -1 }), policy({ subjects: {} })]));
    expect(bad).toThrow(PolicySetError);
    try {
      bad();
    } catch (e) {
      const err = e as PolicySetError;
      expect(err.code).toBe('POLICY_SET_INVALID');
      expect(err.issues.map((i) => i.path)).toEqual(['policies.0.priority', 'policies.1.subjects']);
    }
    const p = policy();
    expect(() => compilePolicies(set([p, p]))).toThrow(/policy "p\d+" appears twice/);
    expect(() => compilePolicies(set([], { applications: [APPS[0]!, APPS[0]!] }))).toThrow(
      /application "git" appears twice/,
    );
    expect(() =>
      compilePolicies(set([], { departments: [...TREE, { id: 'eng', parent_id: null }] })),
    ).toThrow(/department "eng" appears twice/);
  });

  it('warns about unknown references and cuts department cycles', () => {
    const c = compilePolicies(
      set(
        [
          policy({
            id: 'w1',
            subjects: { departments: [{ id: 'ghost' }] },
            resources: { applications: ['nope', 'git'], tags: ['none'] },
          }),
          policy({ id: 'w2', resources: { applications: ['nope'] } }),
        ],
        {
          departments: [
            ...TREE,
            { id: 'x', parent_id: 'y' },
            { id: 'y', parent_id: 'x' },
            { id: 's', parent_id: 's' },
          ],
        },
      ),
    );
    expect(c.warnings).toEqual(
      expect.arrayContaining([
        { code: 'unknown_department', policy_id: 'w1', ref: 'ghost' },
        { code: 'unknown_application', policy_id: 'w1', ref: 'nope' },
        { code: 'unknown_tag', policy_id: 'w1', ref: 'none' },
        { code: 'no_applications', policy_id: 'w2' },
        { code: 'department_cycle', ref: 's' },
      ]),
    );
    expect(c.warnings.filter((w) => w.code === 'department_cycle')).toHaveLength(2);
    // A department named only by a policy still matches its own members.
    expect(c.decide(user(['ghost']), 'git', ctx()).decision).toBe('allow');
    // The cycle is cut, so a policy on x or y terminates and still means something.
    const cyc = compilePolicies(
      set([policy({ subjects: { departments: [{ id: 'x' }] } })], {
        departments: [
          { id: 'x', parent_id: 'y' },
          { id: 'y', parent_id: 'x' },
        ],
      }),
    );
    expect(cyc.decide(user(['x']), 'git', ctx()).decision).toBe('allow');
  });

  it('versions the set by content, not by input order', () => {
    const ps = [policy(), policy({ priority: 3 })];
    const a = compilePolicies(set(ps));
    const b = compilePolicies(set([...ps].reverse(), { departments: [...TREE].reverse() }));
    expect(a.version).toBe(b.version);
    expect(a.version).toMatch(/^ps-[0-9a-f]{16}$/);
    const c = compilePolicies(set([ps[0]!, { ...ps[1]!, priority: 4 }]));
    expect(c.version).not.toBe(a.version);
    expect(compilePolicies(set(ps, { time_zone: 'UTC' })).version).not.toBe(a.version);
  });
});
