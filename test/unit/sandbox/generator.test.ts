import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../sandbox/clock.ts';
import { PRESET_SPECS, type OrgPreset } from '../../../sandbox/org/generator-presets.ts';
import { OrgFileError, parseOrgFile } from '../../../sandbox/org/org-file.ts';
import { OrgStore, ROOT } from '../../../sandbox/org/org-store.ts';
import { buildWorld, DEFAULT_PASSWORD, type World } from '../../../sandbox/org/world.ts';

const CUSTOM_ID = /^[a-zA-Z0-9][a-zA-Z0-9_\-@.]{0,63}$/;

async function build(org: OrgPreset | string, seed = 1, secrets?: 'seeded') {
  const store = new OrgStore(new SandboxClock());
  const changes: unknown[] = [];
  store.onChange((c) => changes.push(c));
  const world = await buildWorld(store, org, seed, secrets ? { secrets } : {});
  return { store, world, changes };
}

/** Everything in the store that should be a function of the seed (updatedAt is clock time). */
function snapshot(store: OrgStore) {
  const strip = <T extends { updatedAt: number }>(o: T) => ({ ...o, updatedAt: 0 });
  return JSON.stringify({
    tenants: [...store.tenants.values()],
    departments: [...store.departments.values()].map(strip),
    users: [...store.users.values()].map(strip),
    apps: [...store.apps.values()].map((a) => ({
      ...a,
      appSecret: '',
      encryptKey: '',
      verificationToken: '',
    })),
    openIds: [...store.users.values()]
      .slice(0, 50)
      .flatMap((u) => [...store.apps.keys()].map((a) => store.openIds.openIdFor(a, u.key))),
  });
}

/**
 * Checks the org invariants of one tenant and returns its figures. Violations are collected
 * and asserted once: 100k users x a dozen expect() calls each would dominate the run time.
 */
function checkTenant(store: OrgStore, tenantKey: string) {
  const depts = [...store.departments.values()].filter((d) => d.tenantKey === tenantKey);
  const users = [...store.users.values()].filter((u) => u.tenantKey === tenantKey);
  const bad: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok && bad.length < 20) bad.push(what);
  };
  const unique = (values: string[], what: string) =>
    check(new Set(values).size === values.length, `${what} not unique`);
  unique(
    depts.map((d) => d.departmentId),
    'department_id',
  );
  unique(
    depts.map((d) => d.openDepartmentId),
    'open_department_id',
  );
  unique(
    users.map((u) => u.userId),
    'user_id',
  );
  unique(
    users.map((u) => u.unionId),
    'union_id',
  );
  unique(
    users.map((u) => u.email),
    'email',
  );
  unique(
    users.map((u) => u.mobile),
    'mobile',
  );
  let depth = 0;
  for (const d of depts) {
    check(CUSTOM_ID.test(d.departmentId), `department_id ${d.departmentId}`);
    check(/^od-[0-9a-f]{32}$/.test(d.openDepartmentId), `open id ${d.openDepartmentId}`);
    check(
      d.parentKey === ROOT || store.departments.get(d.parentKey)?.tenantKey === tenantKey,
      `parent of ${d.key}`,
    );
    const leader = store.users.get(d.leaderUserKey ?? '');
    check(
      leader?.tenantKey === tenantKey && !leader.deleted && leader.departmentKeys.includes(d.key),
      `leader of ${d.key}`,
    );
    depth = Math.max(depth, store.ancestorsOf(d.key).length);
  }
  for (const u of users) {
    const length = [...u.name].length;
    check(CUSTOM_ID.test(u.userId), `user_id ${u.userId}`);
    check(/^on_[0-9a-f]{32}$/.test(u.unionId), `union_id ${u.unionId}`);
    check(length >= 2 && length <= 3, `name ${u.name}`);
    check(/^[A-Z][a-z]+ [A-Z][a-z]+$/.test(u.enName), `en_name ${u.enName}`);
    check(/^\+8613\d{9}$/.test(u.mobile), `mobile ${u.mobile}`);
    check(u.employeeType >= 1 && u.employeeType <= 5, `employee_type ${u.employeeType}`);
    check(u.departmentKeys.length > 0, `${u.key} has no department`);
    check(u.orders.filter((o) => o.isPrimary).length === 1, `${u.key} primary department`);
    for (const d of u.departmentKeys) {
      check(d === ROOT || store.departments.get(d)?.tenantKey === tenantKey, `dept of ${u.key}`);
    }
    check(
      !u.leaderUserKey || store.users.get(u.leaderUserKey)?.tenantKey === tenantKey,
      `leader of ${u.key}`,
    );
    check(/^C-\d{19}$/.test(u.customAttrs[0]?.id ?? ''), `custom attr of ${u.key}`);
  }
  expect(bad).toEqual([]);
  return {
    depts: depts.length,
    users: users.length,
    depth,
    rootMembers: users.filter((u) => u.departmentKeys.includes(ROOT)).length,
    multi: users.filter((u) => u.departmentKeys.length > 1).length,
    frozen: users.filter((u) => u.status.is_frozen).length,
    resigned: users.filter((u) => u.status.is_resigned && u.deleted).length,
  };
}

describe('world generator', () => {
  it('is deterministic: the same seed gives the same org, ids and names', async () => {
    const a = await build('small', 42);
    const b = await build('small', 42);
    expect(snapshot(b.store)).toBe(snapshot(a.store));
    const withoutSecrets = (w: World) => ({
      ...w,
      apps: w.apps.map((x) => ({ ...x, app_secret: '', encrypt_key: '', verification_token: '' })),
    });
    expect(withoutSecrets(b.world)).toEqual(withoutSecrets(a.world));
    const c = await build('small', 43);
    expect(snapshot(c.store)).not.toBe(snapshot(a.store));
    expect(c.world.tenantKey).not.toBe(a.world.tenantKey);
  });

  it('makes random secrets per start unless asked for seeded ones', async () => {
    const a = await build('tiny', 5);
    const b = await build('tiny', 5);
    expect(b.world.apps[0]?.app_id).toBe(a.world.apps[0]?.app_id);
    expect(b.world.apps[0]?.app_secret).not.toBe(a.world.apps[0]?.app_secret);
    const s1 = await build('tiny', 5, 'seeded');
    const s2 = await build('tiny', 5, 'seeded');
    expect(s2.world.apps).toEqual(s1.world.apps);
  });

  it('builds silently: no change events at start', async () => {
    const { changes } = await build('small');
    expect(changes).toEqual([]);
  });

  it.each(['tiny', 'small', 'medium'] as const)(
    '%s preset has the documented shape',
    async (preset) => {
      const { store, world } = await build(preset, 3);
      const spec = PRESET_SPECS[preset];
      const main = checkTenant(store, world.tenantKey);
      expect(main.depts).toBe(spec.levels.reduce((s, n) => s + n, 0));
      expect(main.users).toBe(spec.users);
      expect(main.depth).toBe(spec.levels.length);
      expect(main.rootMembers).toBeGreaterThanOrEqual(1);
      expect(main.frozen).toBeGreaterThanOrEqual(1);
      expect(main.resigned).toBeGreaterThanOrEqual(1);
      expect(world.tenants[0]).toMatchObject({ users: spec.users, depth: spec.levels.length });
      if (preset !== 'tiny') {
        // ~10% in a second department, ~0.5% frozen, ~1% resigned (wide bounds: it is random)
        expect(main.multi / main.users).toBeGreaterThan(0.05);
        expect(main.multi / main.users).toBeLessThan(0.15);
      }
      if (preset === 'medium') {
        expect(main.frozen / main.users).toBeLessThan(0.015);
        expect(main.resigned / main.users).toBeGreaterThan(0.004);
        expect(main.resigned / main.users).toBeLessThan(0.02);
      }
      checkTenant(store, world.tenants[1]?.tenant_key ?? '');
    },
  );

  it('large preset: 100,000 users, 5,000 departments, depth >= 8', async () => {
    const { store, world } = await build('large', 1);
    const main = checkTenant(store, world.tenantKey);
    expect(main.users).toBe(100_000);
    expect(main.depts).toBe(5_000);
    expect(main.depth).toBeGreaterThanOrEqual(8);
    expect(main.resigned).toBeGreaterThan(500);
    expect(main.frozen).toBeGreaterThan(200);
  }, 60_000);

  it('has two tenants, a Feishu and a Lark app in the main one, one app in Other Corp', async () => {
    const { store, world } = await build('tiny', 9);
    expect(world.tenants.map((t) => t.name)).toEqual(['Acme 科技有限公司', 'Other Corp']);
    const main = world.apps.filter((a) => a.tenant_key === world.tenantKey);
    expect(main.map((a) => a.brand).sort()).toEqual(['feishu', 'lark']);
    const other = world.apps.filter((a) => a.tenant_key !== world.tenantKey);
    expect(other).toHaveLength(1);
    for (const a of world.apps) {
      expect(a.app_id).toMatch(/^cli_[0-9a-f]{16}$/);
      expect(a.app_secret).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(a.encrypt_key).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(a.verification_token).toMatch(/^[A-Za-z0-9]{32}$/);
      const app = store.requireApp(a.app_id);
      expect(app.scopes).toContain('contact:user.employee:readonly');
      expect(app.scopes).toContain('contact:contact.base:readonly');
      expect(app.userScopes).toContain('offline_access');
      expect(app.contactRange).toEqual({ kind: 'all' });
      expect(app.availability).toEqual({ kind: 'all' });
      expect(app.allowRefresh).toBe(true);
      expect(app.redirectUrls).toEqual([]);
    }
  });

  it('sample users: active ones, a frozen, a resigned (still fetchable), one of Other Corp', async () => {
    const { store, world } = await build('small', 11);
    const statuses = world.sampleUsers.map((u) => u.status);
    expect(statuses).toContain('active');
    expect(statuses).toContain('frozen');
    expect(statuses).toContain('resigned');
    expect(world.sampleUsers.filter((u) => u.tenant_key !== world.tenantKey)).toHaveLength(1);
    for (const u of world.sampleUsers) {
      expect(u.password).toBe(DEFAULT_PASSWORD);
      const user = store.userByUnionId(u.union_id);
      expect(user?.email).toBe(u.email);
      expect(user?.tenantKey).toBe(u.tenant_key);
    }
    const resigned = world.sampleUsers.find((u) => u.status === 'resigned');
    const user = store.userByUnionId(resigned?.union_id ?? '');
    expect(user?.deleted).toBe(true);
    expect(user?.status.is_resigned).toBe(true);
    // resigned people are no longer members of their departments
    for (const d of user?.departmentKeys ?? []) {
      expect(store.membersOf(user?.tenantKey ?? '', d).map((m) => m.key)).not.toContain(user?.key);
    }
  });

  it('takes redirect URLs and the password from the options', async () => {
    const store = new OrgStore(new SandboxClock());
    const world = await buildWorld(store, 'tiny', 1, {
      redirectUrls: ['http://127.0.0.1:7000/callback'],
      password: 'pw-1',
    });
    expect(store.requireApp(world.apps[0]?.app_id ?? '').redirectUrls).toEqual([
      'http://127.0.0.1:7000/callback',
    ]);
    expect(world.sampleUsers[0]?.password).toBe('pw-1');
    expect(store.userByUnionId(world.sampleUsers[0]?.union_id ?? '')?.password).toBe('pw-1');
  });
});

const goodFile = {
  tenant: { name: 'Demo Co', domain: 'demo.example' },
  departments: [
    {
      department_id: 'eng-backend',
      name: '后端组',
      en_name: 'Backend',
      parent: 'eng',
      leader: 'li',
    },
    { department_id: 'eng', name: '研发', en_name: 'Engineering', leader: 'zhang' },
  ],
  users: [
    { user_id: 'boss', name: '王总', departments: ['0'] },
    { user_id: 'zhang', name: '张三', email: 'zhang@demo.example', departments: ['eng'] },
    { user_id: 'li', name: '李四', departments: ['eng-backend', 'eng'] },
    { user_id: 'gone', name: '赵六', departments: ['eng'], status: 'resigned' },
    { user_id: 'ice', name: '钱七', departments: ['eng'], status: 'frozen' },
  ],
  apps: [
    {
      name: 'SSO',
      brand: 'lark',
      app_id: 'cli_00112233445566aa',
      contact_range: { departments: ['eng-backend'], users: ['boss'] },
    },
  ],
};

describe('org file', () => {
  it('builds the main tenant from the file (parents after children are fine)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgfile-'));
    const path = join(dir, 'org.json');
    writeFileSync(path, JSON.stringify(goodFile));
    const { store, world } = await build(path, 1);
    expect(world.tenants[0]).toMatchObject({ name: 'Demo Co', users: 5, departments: 2, depth: 2 });
    const backend = store.departmentByCustomId(world.tenantKey, 'eng-backend');
    const eng = store.departmentByCustomId(world.tenantKey, 'eng');
    expect(backend?.parentKey).toBe(eng?.key);
    expect(store.users.get(backend?.leaderUserKey ?? '')?.userId).toBe('li');
    const li = store.userByUserId(world.tenantKey, 'li');
    expect(li?.email).toBe('li@demo.example');
    expect(li?.departmentKeys).toEqual([backend?.key, eng?.key]);
    expect(store.userByUserId(world.tenantKey, 'gone')?.deleted).toBe(true);
    expect(store.userByUserId(world.tenantKey, 'ice')?.status.is_frozen).toBe(true);
    const app = store.requireApp('cli_00112233445566aa');
    expect(app.brand).toBe('lark');
    expect(app.contactRange).toEqual({
      kind: 'partial',
      departmentKeys: [backend?.key],
      userKeys: [store.userByUserId(world.tenantKey, 'boss')?.key],
    });
    // Other Corp is still there for cross-tenant checks
    expect(world.tenants[1]?.name).toBe('Other Corp');
    expect(world.sampleUsers.map((u) => u.status)).toEqual(
      expect.arrayContaining(['active', 'frozen', 'resigned']),
    );
  });

  const bad = (patch: (f: typeof goodFile) => unknown): string => {
    const file = structuredClone(goodFile);
    const input = patch(file) ?? file;
    try {
      parseOrgFile(input, 'org.json');
    } catch (err) {
      expect(err).toBeInstanceOf(OrgFileError);
      return (err as Error).message;
    }
    throw new Error('expected an OrgFileError');
  };

  it('names the path of the bad field', () => {
    expect(
      bad((f) => {
        (f.users[2] as { departments: string[] }).departments[1] = 'nowhere';
      }),
    ).toBe('org.json: users[2].departments[1]: unknown department "nowhere"');
    expect(
      bad((f) => {
        (f.departments[0] as { department_id: string }).department_id = '-bad id';
      }),
    ).toMatch(/^org\.json: departments\[0\]\.department_id: must match/);
    expect(
      bad((f) => {
        (f.users[1] as { email: string }).email = 'not-an-email';
      }),
    ).toMatch(/^org\.json: users\[1\]\.email: /);
    expect(
      bad((f) => {
        (f.users[0] as Record<string, unknown>).nmae = 'typo';
      }),
    ).toMatch(/^org\.json: users\[0\]: .*nmae/);
    expect(
      bad((f) => {
        (f.departments[1] as { parent: string }).parent = 'eng-backend';
      }),
    ).toMatch(/^org\.json: departments\[\d\]\.parent: the parent chain loops/);
    expect(
      bad((f) => {
        (f.users[3] as { user_id: string }).user_id = 'li';
      }),
    ).toBe('org.json: users[3].user_id: duplicate user_id "li"');
    expect(
      bad((f) => {
        (f.apps[0] as { contact_range: unknown }).contact_range = { departments: ['x'] };
      }),
    ).toBe('org.json: apps[0].contact_range.departments[0]: unknown department "x"');
    expect(bad(() => ({ departments: [] }))).toMatch(/^org\.json: users: /);
    expect(
      bad((f) => {
        (f.departments[1] as { leader: string }).leader = 'gone';
      }),
    ).toBe('org.json: departments[1].leader: "gone" has resigned');
  });

  it('reports an unreadable or non-JSON file with its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgfile-'));
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "users": [');
    await expect(build(path)).rejects.toThrow(/broken\.json: \(root\): not valid JSON/);
    await expect(build(join(dir, 'missing.json'))).rejects.toThrow(/cannot read the org file/);
  });
});
