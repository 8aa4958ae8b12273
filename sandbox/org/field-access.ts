// Which contact fields an app may see, from its granted tenant-token scopes (reference sections
// 5.3, 5.4, 8). The platform never refuses a field: a missing field scope silently drops it, and
// the three broad legacy scopes unlock everything.
import type { SandboxApp } from './types.ts';

export const BROAD_CONTACT_SCOPES = [
  'contact:contact:readonly',
  'contact:contact:readonly_as_app',
  'contact:contact:access_as_app',
] as const;

export interface FieldAccess {
  deptBase: boolean;
  deptOrganize: boolean;
  deptHrbp: boolean;
  userBase: boolean;
  userDepartment: boolean;
  userEmployee: boolean;
  userEmployeeNo: boolean;
  userId: boolean;
  email: boolean;
  phone: boolean;
  gender: boolean;
  geo: boolean;
  jobLevel: boolean;
  jobFamily: boolean;
  dottedLine: boolean;
}

const cache = new WeakMap<
  SandboxApp,
  { scopes: string[]; length: number; signature: string; access: FieldAccess }
>();

export function hasAnyScope(app: SandboxApp, scopes: readonly string[]): boolean {
  return scopes.some((s) => app.scopes.includes(s));
}

/** The app's field access, recomputed only when its scope list changes. */
export function fieldAccess(app: SandboxApp): FieldAccess {
  const hit = cache.get(app);
  // Rendering calls this per user: the same array at the same length is the cheap fast path.
  if (hit && hit.scopes === app.scopes && hit.length === app.scopes.length) return hit.access;
  const signature = app.scopes.join(' ');
  if (hit && hit.signature === signature) {
    Object.assign(hit, { scopes: app.scopes, length: app.scopes.length });
    return hit.access;
  }
  const granted = new Set(app.scopes);
  const broad = BROAD_CONTACT_SCOPES.some((s) => granted.has(s));
  const has = (...scopes: string[]) => broad || scopes.some((s) => granted.has(s));
  const access: FieldAccess = {
    deptBase: has('contact:department.base:readonly'),
    deptOrganize: has('contact:department.organize:readonly'),
    deptHrbp: has('contact:department.hrbp:readonly'),
    userBase: has('contact:user.base:readonly'),
    userDepartment: has('contact:user.department:readonly'),
    userEmployee: has('contact:user.employee:readonly'),
    userEmployeeNo: has('contact:user.employee_number:read', 'contact:user.employee:readonly'),
    userId: has('contact:user.employee_id:readonly'),
    email: has('contact:user.email:readonly'),
    phone: has('contact:user.phone:readonly'),
    gender: has('contact:user.gender:readonly'),
    geo: has('contact:user.user_geo'),
    jobLevel: has('contact:user.job_level:readonly'),
    jobFamily: has('contact:user.job_family:readonly'),
    dottedLine: has('contact:user.dotted_line_leader_info.read'),
  };
  cache.set(app, { scopes: app.scopes, length: app.scopes.length, signature, access });
  return access;
}
