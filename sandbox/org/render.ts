// Renders the sandbox's org model as the platform shows it to one app: REST shapes (contact v3
// responses, ids in the requested id types) and event shapes (contact v3 events, always open
// ids). Field scopes gate fields silently (field-access.ts); open_id is app-scoped.
import { fieldAccess } from './field-access.ts';
import { memberCounts } from './member-counts.ts';
import { ROOT, type OrgStore } from './org-store.ts';
import type { SandboxApp, SandboxDepartment, SandboxUser } from './types.ts';

export type UserIdType = 'open_id' | 'union_id' | 'user_id';
export type DepartmentIdType = 'open_department_id' | 'department_id';

export interface IdTypes {
  userIdType: UserIdType;
  departmentIdType: DepartmentIdType;
}

export const DEFAULT_ID_TYPES: IdTypes = {
  userIdType: 'open_id',
  departmentIdType: 'open_department_id',
};

const EVENT_ID_TYPES: IdTypes = DEFAULT_ID_TYPES;

export type Json = Record<string, unknown>;

/** A user as the app names it in the given id type; undefined for an unknown key. */
export function userRef(
  store: OrgStore,
  app: SandboxApp,
  userKey: string,
  userIdType: UserIdType,
): string | undefined {
  const user = store.users.get(userKey);
  if (!user || user.tenantKey !== app.tenantKey) return undefined;
  if (userIdType === 'union_id') return user.unionId;
  if (userIdType === 'user_id') return user.userId;
  return store.openIds.openIdFor(app.appId, user.key);
}

/** A department in the given id type; the root is "0" in every id type. */
export function departmentRef(
  store: OrgStore,
  departmentKey: string,
  departmentIdType: DepartmentIdType,
): string | undefined {
  if (departmentKey === ROOT) return ROOT;
  const dept = store.departments.get(departmentKey);
  if (!dept) return undefined;
  return departmentIdType === 'department_id' ? dept.departmentId : dept.openDepartmentId;
}

const AVATAR_HOST = {
  feishu: 'https://s1-imfile.feishucdn.com/static-resource/v1',
  lark: 'https://s16-imfile.larksuitecdn.com/static-resource/v1',
} as const;

const avatarCache = new Map<string, Json>();

function avatar(app: SandboxApp, user: SandboxUser): Json {
  const cacheKey = `${app.brand}:${user.avatarSeed}`;
  const hit = avatarCache.get(cacheKey);
  if (hit) return hit;
  if (avatarCache.size > 500_000) avatarCache.clear();
  const base = `${AVATAR_HOST[app.brand]}/v2_${user.avatarSeed}~`;
  const urls = Object.freeze({
    avatar_72: `${base}?image_size=72x72&cut_type=&quality=&format=png&sticker_format=.webp`,
    avatar_240: `${base}?image_size=240x240&cut_type=&quality=&format=png&sticker_format=.webp`,
    avatar_640: `${base}?image_size=640x640&cut_type=&quality=&format=png&sticker_format=.webp`,
    avatar_origin: `${base}?image_size=noop&cut_type=&quality=&format=png&sticker_format=.webp`,
  });
  avatarCache.set(cacheKey, urls);
  return urls;
}

function i18nName(dept: SandboxDepartment): Json {
  return {
    zh_cn: dept.i18nName.zh_cn ?? '',
    ja_jp: dept.i18nName.ja_jp ?? '',
    en_us: dept.i18nName.en_us ?? '',
  };
}

function refs(store: OrgStore, app: SandboxApp, keys: string[], type: UserIdType): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const id = userRef(store, app, k, type);
    if (id !== undefined) out.push(id);
  }
  return out;
}

/** The fields REST and event users share, ids in `ids`. */
function userCommon(store: OrgStore, user: SandboxUser, app: SandboxApp, ids: IdTypes): Json {
  const a = fieldAccess(app);
  const out: Json = {
    union_id: user.unionId,
    open_id: store.openIds.openIdFor(app.appId, user.key),
  };
  if (a.userId) out.user_id = user.userId;
  if (a.userBase) {
    out.name = user.name;
    out.en_name = user.enName;
    out.nickname = user.nickname;
    out.avatar = avatar(app, user);
    out.mobile_visible = user.mobileVisible;
  }
  if (a.email) out.email = user.email;
  if (a.phone) out.mobile = user.mobile;
  if (a.gender) out.gender = user.gender;
  if (a.userDepartment) {
    out.department_ids = user.departmentKeys
      .map((d) => departmentRef(store, d, ids.departmentIdType))
      .filter((d): d is string => d !== undefined);
    const leader = user.leaderUserKey && userRef(store, app, user.leaderUserKey, ids.userIdType);
    if (leader) out.leader_user_id = leader;
    out.orders = user.orders.map((o) => ({
      department_id: departmentRef(store, o.departmentKey, ids.departmentIdType) ?? '',
      user_order: o.userOrder,
      department_order: o.departmentOrder,
      is_primary_dept: o.isPrimary,
    }));
  }
  if (a.userEmployee) {
    out.status = { ...user.status };
    out.city = user.city;
    out.country = user.country;
    out.work_station = user.workStation;
    out.join_time = user.joinTime;
    out.is_tenant_manager = user.isTenantManager;
    out.employee_type = user.employeeType;
    out.job_title = user.jobTitle;
    out.enterprise_email = user.enterpriseEmail;
    out.custom_attrs = user.customAttrs.map((c) => ({ ...c, value: { ...c.value } }));
  }
  if (a.userEmployeeNo) out.employee_no = user.employeeNo;
  // The sandbox models no job levels, families or dotted-line leaders: granted means empty.
  if (a.jobLevel) out.job_level_id = '';
  if (a.jobFamily) out.job_family_id = '';
  if (a.dottedLine) out.dotted_line_leader_user_ids = [];
  return out;
}

/** A user as contact v3 REST returns it to the app. department_path needs a user token: never. */
export function renderRestUser(
  store: OrgStore,
  user: SandboxUser,
  app: SandboxApp,
  ids: IdTypes = DEFAULT_ID_TYPES,
): Json {
  const a = fieldAccess(app);
  const out = userCommon(store, user, app, ids);
  if (a.userBase) out.avatar_key = '';
  if (a.userEmployee) out.is_frozen = user.status.is_frozen;
  if (a.geo) out.geo = app.brand === 'lark' ? 'us' : 'cn';
  return out;
}

/** A user inside a contact v3 event: open ids, no department_path/geo/is_frozen, + positions. */
export function renderEventUser(store: OrgStore, user: SandboxUser, app: SandboxApp): Json {
  const a = fieldAccess(app);
  const out = userCommon(store, user, app, EVENT_ID_TYPES);
  if (a.userEmployee) {
    out.positions = [];
    out.time_zone = user.timeZone;
  }
  return out;
}

function deptCommon(store: OrgStore, dept: SandboxDepartment, app: SandboxApp, ids: IdTypes) {
  const a = fieldAccess(app);
  const out: Json = { open_department_id: dept.openDepartmentId };
  if (a.deptBase) {
    out.name = dept.name;
    out.department_id = dept.departmentId;
    out.chat_id = dept.chatId;
    out.status = { is_deleted: dept.deleted };
  }
  if (a.deptOrganize) {
    out.parent_department_id = departmentRef(store, dept.parentKey, ids.departmentIdType) ?? ROOT;
    const leader = dept.leaderUserKey && userRef(store, app, dept.leaderUserKey, ids.userIdType);
    if (leader) out.leader_user_id = leader;
    out.leaders = leader ? [{ leaderType: 1, leaderID: leader }] : [];
    out.unit_ids = [...dept.unitIds];
  }
  return { out, access: a };
}

/** A department as contact v3 REST returns it: order is a string, hrbps are user ids. */
export function renderRestDepartment(
  store: OrgStore,
  dept: SandboxDepartment,
  app: SandboxApp,
  ids: IdTypes = DEFAULT_ID_TYPES,
): Json {
  const { out, access } = deptCommon(store, dept, app, ids);
  if (access.deptBase) {
    out.i18n_name = i18nName(dept);
    out.group_chat_employee_types = [];
  }
  if (access.deptOrganize) {
    out.order = String(dept.order);
    const counts = memberCounts(store, dept.tenantKey, dept.key);
    out.member_count = counts.members;
    out.primary_member_count = counts.primaryMembers;
  }
  if (access.deptHrbp) out.department_hrbps = refs(store, app, dept.hrbpUserKeys, ids.userIdType);
  return out;
}

/** A department inside a contact v3 event: open ids, order an int, hrbps id objects. */
export function renderEventDepartment(
  store: OrgStore,
  dept: SandboxDepartment,
  app: SandboxApp,
): Json {
  const { out, access } = deptCommon(store, dept, app, EVENT_ID_TYPES);
  if (access.deptOrganize) out.order = dept.order;
  if (access.deptHrbp) {
    out.department_hrbps = dept.hrbpUserKeys
      .map((k) => store.users.get(k))
      .filter((u): u is SandboxUser => u !== undefined && u.tenantKey === app.tenantKey)
      .map((u) => {
        const id: Json = {
          union_id: u.unionId,
          open_id: store.openIds.openIdFor(app.appId, u.key),
        };
        if (access.userId) id.user_id = u.userId;
        return id;
      });
  }
  return out;
}
