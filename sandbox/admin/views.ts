// The admin API's own JSON views of the org (not the Open API shapes): what a test or a demo
// needs to check a change, with every id type side by side and each app's open_id of a user.
import { ROOT, type OrgStore } from '../org/org-store.ts';
import type { ContactRange, SandboxApp, SandboxDepartment, SandboxUser } from '../org/types.ts';
import type { World } from '../org/world.ts';

const deptIds = (store: OrgStore, key: string) => {
  if (key === ROOT) return { department_id: ROOT, open_department_id: ROOT, name: '' };
  const d = store.departments.get(key);
  return {
    department_id: d?.departmentId ?? '',
    open_department_id: d?.openDepartmentId ?? '',
    name: d?.name ?? '',
  };
};

const unionIdOf = (store: OrgStore, key: string | undefined) =>
  key ? (store.users.get(key)?.unionId ?? null) : null;

export function userView(store: OrgStore, user: SandboxUser) {
  const openIds: Record<string, string> = {};
  for (const app of store.apps.values()) {
    if (app.tenantKey === user.tenantKey) {
      openIds[app.appId] = store.openIds.openIdFor(app.appId, user.key);
    }
  }
  return {
    union_id: user.unionId,
    user_id: user.userId,
    tenant_key: user.tenantKey,
    name: user.name,
    en_name: user.enName,
    email: user.email,
    mobile: user.mobile,
    status: user.status.is_resigned ? 'resigned' : user.status.is_frozen ? 'frozen' : 'active',
    departments: user.departmentKeys.map((k) => deptIds(store, k)),
    leader_union_id: unionIdOf(store, user.leaderUserKey),
    job_title: user.jobTitle,
    city: user.city,
    employee_type: user.employeeType,
    employee_no: user.employeeNo,
    is_tenant_manager: user.isTenantManager,
    open_ids: openIds,
  };
}

export function departmentView(store: OrgStore, dept: SandboxDepartment) {
  const parent = deptIds(store, dept.parentKey);
  return {
    department_id: dept.departmentId,
    open_department_id: dept.openDepartmentId,
    tenant_key: dept.tenantKey,
    name: dept.name,
    en_name: dept.i18nName.en_us ?? '',
    parent_department_id: parent.department_id,
    parent_open_department_id: parent.open_department_id,
    leader_union_id: unionIdOf(store, dept.leaderUserKey),
    order: dept.order,
    deleted: dept.deleted,
    direct_members: dept.deleted ? 0 : store.membersOf(dept.tenantKey, dept.key).length,
  };
}

function rangeView(store: OrgStore, range: ContactRange) {
  if (range.kind === 'all') return { kind: 'all' as const };
  return {
    kind: 'partial' as const,
    departments: range.departmentKeys.map((k) => deptIds(store, k)),
    users: range.userKeys.map((k) => unionIdOf(store, k)),
  };
}

export function appView(store: OrgStore, app: SandboxApp) {
  return {
    app_id: app.appId,
    app_secret: app.appSecret,
    name: app.name,
    brand: app.brand,
    tenant_key: app.tenantKey,
    encrypt_key: app.encryptKey,
    verification_token: app.verificationToken,
    scopes: [...app.scopes],
    user_scopes: [...app.userScopes],
    contact_range: rangeView(store, app.contactRange),
    availability: rangeView(store, app.availability),
    redirect_urls: [...app.redirectUrls],
    allow_refresh: app.allowRefresh,
    enabled: app.enabled,
    event_subscription: app.subscription
      ? { request_url: app.subscription.requestUrl, event_types: [...app.subscription.eventTypes] }
      : null,
  };
}

export function worldView(store: OrgStore, world: World, now: number) {
  return {
    seed: world.seed,
    org: world.org,
    tenant_key: world.tenantKey,
    tenants: world.tenants,
    apps: [...store.apps.values()].map((a) => appView(store, a)),
    sample_users: world.sampleUsers,
    password: world.password,
    now,
  };
}
