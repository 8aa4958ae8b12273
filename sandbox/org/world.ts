// Builds a sandbox world into an OrgStore: the main tenant ("Acme") with a Feishu-brand and a
// Lark-brand self-built app, and a second tenant ("Other Corp") with its own small org and one
// app, for cross-tenant checks. The main org is a preset size or an org file. Everything but the
// app secrets is a function of the seed (secrets too with { secrets: 'seeded' }).
import { createRng } from './generator-rng.ts';
import { makeApp, type SecretSource } from './generator-apps.ts';
import { applyOrgFile } from './generator-file.ts';
import {
  isOrgPreset,
  OTHER_TENANT_SPEC,
  PRESET_SPECS,
  type OrgPreset,
} from './generator-presets.ts';
import { generateOrg, type GeneratedOrg } from './generator.ts';
import { loadOrgFile } from './org-file.ts';
import { ROOT, type OrgStore } from './org-store.ts';
import type { Brand, SandboxApp, SandboxUser } from './types.ts';

export type { OrgPreset } from './generator-presets.ts';

/** Shared sign-in password of every generated user, unless the options or the org file say. */
export const DEFAULT_PASSWORD = 'feishu-sandbox';

export interface WorldApp {
  app_id: string;
  app_secret: string;
  encrypt_key: string;
  verification_token: string;
  brand: Brand;
  tenant_key: string;
  name: string;
}

export type WorldUserStatus = 'active' | 'frozen' | 'resigned';

export interface WorldUser {
  name: string;
  en_name: string;
  email: string;
  mobile: string;
  password: string;
  union_id: string;
  user_id: string;
  tenant_key: string;
  /** Custom department_ids; "0" is the root. */
  departments: string[];
  status: WorldUserStatus;
  /** Why this account is a sample: ceo, leader, member, multi-department, frozen, ... */
  role: string;
}

export interface WorldTenant {
  tenant_key: string;
  name: string;
  domain: string;
  departments: number;
  users: number;
  depth: number;
}

export interface World {
  seed: number;
  /** Preset name or org file path the main tenant came from. */
  org: string;
  /** The main tenant. */
  tenantKey: string;
  tenants: WorldTenant[];
  apps: WorldApp[];
  sampleUsers: WorldUser[];
  password: string;
}

export interface BuildWorldOptions {
  /** Redirect URLs registered on every app (Security Settings). */
  redirectUrls?: string[];
  password?: string;
  /** 'random' (default): fresh secrets per start; 'seeded': derived from the seed. */
  secrets?: SecretSource;
}

const MAIN = { name: 'Acme 科技有限公司', domain: 'acme.example' };
const OTHER = { name: 'Other Corp', domain: 'other.example' };

export async function buildWorld(
  store: OrgStore,
  org: OrgPreset | string,
  seed: number,
  options: BuildWorldOptions = {},
): Promise<World> {
  const file = isOrgPreset(org) ? undefined : await loadOrgFile(org);
  const rng = createRng(seed, 'world');
  const secretRng = options.secrets === 'seeded' ? rng.fork('secrets') : undefined;
  const appRng = rng.fork('apps');
  const password = options.password ?? file?.password ?? DEFAULT_PASSWORD;
  const redirectUrls = options.redirectUrls ?? [];

  const mainKey = rng.fork('tenant:main').hex(16);
  const otherKey = rng.fork('tenant:other').hex(16);
  const main = { tenantKey: mainKey, ...MAIN, ...file?.tenant, password };
  const other = { tenantKey: otherKey, ...OTHER, password };
  store.addTenant({ tenantKey: mainKey, name: main.name });
  store.addTenant({ tenantKey: otherKey, name: other.name });

  const apps: SandboxApp[] = [];
  const addApp = (app: SandboxApp) => {
    store.addApp(app);
    apps.push(app);
  };
  if (file?.apps && file.apps.length > 0) {
    for (const a of file.apps) {
      // Contact range and availability name file ids; applyOrgFile resolves them below.
      const { contactRange: _range, availability: _availability, ...rest } = a;
      addApp(
        makeApp(
          { ...rest, tenantKey: mainKey, redirectUrls: a.redirectUrls ?? redirectUrls },
          appRng,
          secretRng,
        ),
      );
    }
  } else {
    for (const brand of ['feishu', 'lark'] as const) {
      const name = brand === 'feishu' ? 'Gatehouse 零信任' : 'Gatehouse Zero Trust';
      addApp(makeApp({ tenantKey: mainKey, brand, name, redirectUrls }, appRng, secretRng));
    }
  }
  addApp(
    makeApp(
      { tenantKey: otherKey, brand: 'feishu', name: 'Other Corp SSO', redirectUrls },
      appRng,
      secretRng,
    ),
  );

  const mainOrg = file
    ? applyOrgFile(store, file, mainKey, password, apps)
    : generateOrg(store, main, PRESET_SPECS[org as OrgPreset], rng.fork('org:main'));
  const otherOrg = generateOrg(store, other, OTHER_TENANT_SPEC, rng.fork('org:other'));

  return {
    seed,
    org,
    tenantKey: mainKey,
    tenants: [tenantSummary(main, mainOrg), tenantSummary(other, otherOrg)],
    apps: apps.map(worldApp),
    sampleUsers: [
      ...sampleUsers(store, mainOrg),
      ...sampleUsers(store, otherOrg, 'other-tenant', 1),
    ],
    password,
  };
}

function tenantSummary(
  t: { tenantKey: string; name: string; domain: string },
  org: GeneratedOrg,
): WorldTenant {
  return {
    tenant_key: t.tenantKey,
    name: t.name,
    domain: t.domain,
    departments: org.departments,
    users: org.users,
    depth: org.depth,
  };
}

export const worldApp = (app: SandboxApp): WorldApp => ({
  app_id: app.appId,
  app_secret: app.appSecret,
  encrypt_key: app.encryptKey,
  verification_token: app.verificationToken,
  brand: app.brand,
  tenant_key: app.tenantKey,
  name: app.name,
});

function sampleUsers(
  store: OrgStore,
  org: GeneratedOrg,
  rolePrefix = '',
  limit = Infinity,
): WorldUser[] {
  const picks: [string | undefined, string][] = [
    [org.ceoKey, 'ceo'],
    [org.leaderKeys[org.leaderKeys.length - 1], 'leader'],
    [org.deepUserKey, 'member'],
    [org.multiDepartmentUserKey, 'multi-department'],
    [org.frozenKeys[0], 'frozen'],
    [org.resignedKeys[0], 'resigned'],
  ];
  const seen = new Set<string>();
  const out: WorldUser[] = [];
  for (const [key, role] of picks) {
    const user = key ? store.users.get(key) : undefined;
    if (!user || seen.has(user.key) || out.length >= limit) continue;
    seen.add(user.key);
    out.push(worldUser(store, user, rolePrefix || role));
  }
  return out;
}

export function worldUser(store: OrgStore, user: SandboxUser, role: string): WorldUser {
  return {
    name: user.name,
    en_name: user.enName,
    email: user.email,
    mobile: user.mobile,
    password: user.password,
    union_id: user.unionId,
    user_id: user.userId,
    tenant_key: user.tenantKey,
    departments: user.departmentKeys.map((k) =>
      k === ROOT ? ROOT : (store.departments.get(k)?.departmentId ?? k),
    ),
    status: user.status.is_resigned ? 'resigned' : user.status.is_frozen ? 'frozen' : 'active',
    role,
  };
}
