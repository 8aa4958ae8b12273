// A hand-built org for unit tests of the sandbox's Open API rendering and routes, independent of
// the world generator: one tenant, a small tree, a few users, apps with chosen scopes.
import { SandboxClock } from '../../../sandbox/clock.ts';
import { OrgStore, ROOT } from '../../../sandbox/org/org-store.ts';
import type { ContactRange, SandboxApp, SandboxUser } from '../../../sandbox/org/types.ts';

export const TENANT = 'tenant_test';

export function makeApp(
  store: OrgStore,
  appId: string,
  scopes: string[],
  contactRange: ContactRange = { kind: 'all' },
  extra: Partial<SandboxApp> = {},
): SandboxApp {
  const app: SandboxApp = {
    appId,
    appSecret: `secret_${appId}`,
    tenantKey: TENANT,
    brand: 'feishu',
    name: `App ${appId}`,
    scopes,
    userScopes: [],
    contactRange,
    availability: { kind: 'all' },
    redirectUrls: ['http://127.0.0.1/callback'],
    encryptKey: '',
    verificationToken: 'vt',
    allowRefresh: true,
    enabled: true,
    ...extra,
  };
  store.addApp(app);
  return app;
}

let userSeq = 0;
export function makeUser(
  store: OrgStore,
  name: string,
  departmentKeys: string[],
  extra: Partial<SandboxUser> = {},
): SandboxUser {
  userSeq += 1;
  return store.addUser(
    {
      tenantKey: TENANT,
      userId: `uid_${name}`,
      name,
      enName: name.toUpperCase(),
      nickname: '',
      email: `${name}@example.com`,
      enterpriseEmail: `${name}@corp.example.com`,
      mobile: `+86130000${String(userSeq).padStart(5, '0')}`,
      mobileVisible: true,
      gender: 1,
      avatarSeed: `seed_${name}`,
      status: {
        is_frozen: false,
        is_resigned: false,
        is_activated: true,
        is_exited: false,
        is_unjoin: false,
      },
      departmentKeys,
      orders: departmentKeys.map((d, i) => ({
        departmentKey: d,
        userOrder: 0,
        departmentOrder: i,
        isPrimary: i === 0,
      })),
      city: 'Beijing',
      country: 'CN',
      workStation: 'F1',
      joinTime: 1_600_000_000,
      isTenantManager: false,
      employeeNo: `E${userSeq}`,
      employeeType: 1,
      jobTitle: 'Engineer',
      customAttrs: [],
      timeZone: 'Asia/Shanghai',
      password: 'pw',
      ...extra,
    },
    { silent: true },
  );
}

/**
 * root ── eng (order 1) ── backend (order 1)
 *      │              └── frontend (order 2)
 *      └── sales (order 2)
 * Users: ceo (root), alice (eng, leader of eng), bob (backend, hrbp of eng), carol (frontend +
 * sales), dave (sales, resigned later by tests if they want).
 */
export function buildTestOrg() {
  const clock = new SandboxClock();
  const store = new OrgStore(clock);
  return { clock, ...populateTestOrg(store) };
}

/** Adds the test tenant and its org to a store (a unit test's own or a running sandbox's). */
export function populateTestOrg(store: OrgStore) {
  store.addTenant({ tenantKey: TENANT, name: 'Test Co' });
  const dept = (key: string, name: string, parentKey: string, order: number) =>
    store.addDepartment(
      {
        key,
        tenantKey: TENANT,
        departmentId: `D_${key}`,
        name,
        i18nName: { zh_cn: name, en_us: name.toUpperCase() },
        parentKey,
        order,
        unitIds: [],
        hrbpUserKeys: [],
      },
      { silent: true },
    );
  const eng = dept('eng', 'Engineering', ROOT, 1);
  const backend = dept('backend', 'Backend', 'eng', 1);
  const frontend = dept('frontend', 'Frontend', 'eng', 2);
  const sales = dept('sales', 'Sales', ROOT, 2);
  const ceo = makeUser(store, 'ceo', [ROOT]);
  const alice = makeUser(store, 'alice', ['eng']);
  const bob = makeUser(store, 'bob', ['backend'], { leaderUserKey: alice.key });
  const carol = makeUser(store, 'carol', ['frontend', 'sales']);
  const dave = makeUser(store, 'dave', ['sales']);
  eng.leaderUserKey = alice.key;
  eng.hrbpUserKeys = [bob.key];
  return {
    store,
    depts: { eng, backend, frontend, sales },
    users: { ceo, alice, bob, carol, dave },
  };
}
