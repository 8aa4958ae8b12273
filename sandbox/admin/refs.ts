// How the admin API names things, as a Feishu admin would: users by union_id, user_id or email;
// departments by open_department_id or department_id ("0" = root); tenants by tenant_key (the
// main tenant when left out). Unknown or resigned things are 4xx, never a crash.
import { ROOT, type OrgStore } from '../org/org-store.ts';
import type { SandboxApp, SandboxDepartment, SandboxUser } from '../org/types.ts';
import type { World } from '../org/world.ts';
import { badRequest, conflict, notFound } from './errors.ts';

export class Refs {
  private readonly store: OrgStore;
  private readonly world: World;
  constructor(store: OrgStore, world: World) {
    this.store = store;
    this.world = world;
  }

  tenant(tenantKey: string | undefined): string {
    const key = tenantKey ?? this.world.tenantKey;
    if (!this.store.tenants.has(key)) throw notFound('tenant_not_found', `no tenant ${key}`);
    return key;
  }

  domainOf(tenantKey: string): string {
    return this.world.tenants.find((t) => t.tenant_key === tenantKey)?.domain ?? 'example.com';
  }

  app(appId: string): SandboxApp {
    const app = this.store.apps.get(appId);
    if (!app) throw notFound('app_not_found', `no app ${appId}`);
    return app;
  }

  /** Any user, resigned ones included (they stay readable by id, as on the platform). */
  user(ref: string, tenantKey: string): SandboxUser {
    const s = this.store;
    const byUnion = s.userByUnionId(ref);
    if (byUnion) return byUnion;
    const byUserId = s.userByUserId(tenantKey, ref);
    if (byUserId) return byUserId;
    if (ref.includes('@')) {
      const email = ref.toLowerCase();
      let resigned: SandboxUser | undefined;
      for (const u of s.users.values()) {
        if (u.tenantKey !== tenantKey || u.email.toLowerCase() !== email) continue;
        if (!u.deleted) return u;
        resigned ??= u;
      }
      if (resigned) return resigned;
    }
    throw notFound(
      'user_not_found',
      `no user "${ref}" (union_id, user_id or email) in ${tenantKey}`,
    );
  }

  /** A user who has not resigned, in the given tenant. */
  liveUser(ref: string, tenantKey: string): SandboxUser {
    const user = this.user(ref, tenantKey);
    if (user.tenantKey !== tenantKey) {
      throw badRequest(`user "${ref}" belongs to another tenant`, 'tenant_mismatch');
    }
    if (user.deleted) throw conflict('user_resigned', `user "${ref}" has resigned`);
    return user;
  }

  /** A live department's key, or "0" for the root when allowRoot. */
  departmentKey(ref: string, tenantKey: string, allowRoot: boolean): string {
    if (ref === ROOT) {
      if (allowRoot) return ROOT;
      throw badRequest('the root department "0" cannot be used here');
    }
    return this.department(ref, tenantKey).key;
  }

  department(ref: string, tenantKey: string): SandboxDepartment {
    const dept =
      this.store.departmentByOpenId(ref) ?? this.store.departmentByCustomId(tenantKey, ref);
    if (!dept || dept.deleted) {
      throw notFound('department_not_found', `no department "${ref}" in ${tenantKey}`);
    }
    if (dept.tenantKey !== tenantKey) {
      throw badRequest(`department "${ref}" belongs to another tenant`, 'tenant_mismatch');
    }
    return dept;
  }
}
