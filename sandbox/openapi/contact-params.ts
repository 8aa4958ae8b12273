// Query parsing and id resolution shared by the contact v3 routes: id types (with the scopes
// they need), repeated array params, booleans, and turning a request's user/department id
// into the sandbox's key under the calling app's view (tenant, app-scoped open_id, range).
import { ROOT, type OrgStore } from '../org/org-store.ts';
import type { DepartmentIdType, IdTypes, UserIdType } from '../org/render.ts';
import type { Brand, SandboxApp, SandboxUser } from '../org/types.ts';
import { requireAnyScope } from './auth-guard.ts';
import { E } from './errors.ts';

export type Query = Record<string, string | string[] | undefined>;

const BROAD = [
  'contact:contact:access_as_app',
  'contact:contact:readonly_as_app',
  'contact:contact:readonly',
] as const;

/** Call rights of the basic contact reads (reference section 8). */
export const CONTACT_READ_SCOPES = ['contact:contact.base:readonly', ...BROAD] as const;
/** children / find_by_department / parent also accept the organize scope. */
export const CONTACT_TREE_SCOPES = [
  'contact:contact.base:readonly',
  'contact:department.organize:readonly',
  ...BROAD,
] as const;
export const USER_ID_TYPE_SCOPES = ['contact:user.employee_id:readonly', ...BROAD] as const;
export const DEPARTMENT_ID_TYPE_SCOPES = ['contact:department.base:readonly', ...BROAD] as const;

export function invalidField(field: string, value: unknown, description: string) {
  return E.fieldValidation({
    fieldViolations: [{ field, value: value === undefined ? '' : String(value), description }],
  });
}

/** A single-valued query parameter (the last one wins when repeated). */
export function single(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** A repeated query parameter (`?ids=a&ids=b`) as a list. */
export function many(q: Query, name: string): string[] {
  const v = q[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function parseBool(q: Query, name: string, def: boolean): boolean {
  const v = single(q, name);
  if (v === undefined || v === '') return def;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalidField(name, v, `${name} must be true or false`);
}

export function parseIdTypes(app: SandboxApp, brand: Brand, q: Query): IdTypes {
  const u = single(q, 'user_id_type') ?? 'open_id';
  const d = single(q, 'department_id_type') ?? 'open_department_id';
  if (u !== 'open_id' && u !== 'union_id' && u !== 'user_id') {
    throw invalidField('user_id_type', u, 'user_id_type must be open_id, union_id or user_id');
  }
  if (d !== 'open_department_id' && d !== 'department_id') {
    throw invalidField(
      'department_id_type',
      d,
      'department_id_type must be open_department_id or department_id',
    );
  }
  if (u === 'user_id') requireAnyScope(app, brand, USER_ID_TYPE_SCOPES, 'field_scope_required');
  if (d === 'department_id') {
    requireAnyScope(app, brand, DEPARTMENT_ID_TYPE_SCOPES, 'field_scope_required');
  }
  return { userIdType: u as UserIdType, departmentIdType: d as DepartmentIdType };
}

/** The key of a department named in the request; "0" is the root in either id type. */
export function resolveDepartmentKey(
  store: OrgStore,
  app: SandboxApp,
  id: string,
  type: DepartmentIdType,
): string {
  if (id === ROOT) return ROOT;
  const dept =
    type === 'department_id'
      ? store.departmentByCustomId(app.tenantKey, id)
      : store.departmentByOpenId(id);
  if (!dept || dept.deleted) throw E.deptNotExist();
  if (dept.tenantKey !== app.tenantKey) throw E.tenantInvalid();
  return dept.key;
}

/** A user named in the request, resigned ones included; open_ids of other apps are invalid. */
export function resolveUser(
  store: OrgStore,
  app: SandboxApp,
  id: string,
  type: UserIdType,
): SandboxUser {
  let user: SandboxUser | undefined;
  if (type === 'open_id') user = store.userByOpenId(app.appId, id);
  else if (type === 'union_id') user = store.userByUnionId(id);
  else user = store.userByUserId(app.tenantKey, id);
  if (!user) throw E.userIdInvalid();
  if (user.tenantKey !== app.tenantKey) throw E.tenantInvalid();
  return user;
}

export function requireDepartmentInRange(store: OrgStore, app: SandboxApp, key: string): void {
  if (!store.departmentInRange(app, key)) throw E.noDeptAuthority();
}

export function requireUserInRange(store: OrgStore, app: SandboxApp, user: SandboxUser): void {
  if (!store.userInRange(app, user)) throw E.noUserAuthority();
}
