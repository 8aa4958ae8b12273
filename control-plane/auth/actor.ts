// Who is asking, and from where. Built once per request by the session check and passed to
// every service call, so each change knows its audit actor and its tenant scope.
import type { AdminRole } from '../storage/schema.ts';
import { ALL_TENANTS, tenantScope, type TenantScope } from '../storage/tenant-scope.ts';

export interface Actor {
  adminId: string;
  email: string;
  role: AdminRole;
  tenantId: string | null;
}

export interface RequestContext {
  actor: Actor;
  requestId: string;
  ip: string;
}

export const scopeOf = (actor: Actor): TenantScope =>
  actor.role === 'platform_admin' || !actor.tenantId ? ALL_TENANTS : tenantScope(actor.tenantId);

export const isPlatformAdmin = (actor: Actor): boolean => actor.role === 'platform_admin';
