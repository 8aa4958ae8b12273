// In-memory org structure of every sandbox tenant, with the indexes the contact API needs
// (children in order, direct members, look-ups by every id type) and a change feed that the
// event emitter turns into Feishu events. Mutations go through here and only here.
import type { SandboxClock } from '../clock.ts';
import { hex32, OpenIdRegistry } from './ids.ts';
import type {
  ContactRange,
  SandboxApp,
  SandboxDepartment,
  SandboxTenant,
  SandboxUser,
} from './types.ts';

export const ROOT = '0';

export type OrgChange =
  | { kind: 'department.created'; tenantKey: string; after: SandboxDepartment }
  | {
      kind: 'department.updated';
      tenantKey: string;
      before: SandboxDepartment;
      after: SandboxDepartment;
    }
  | { kind: 'department.deleted'; tenantKey: string; before: SandboxDepartment }
  | { kind: 'user.created'; tenantKey: string; after: SandboxUser }
  | { kind: 'user.updated'; tenantKey: string; before: SandboxUser; after: SandboxUser }
  | { kind: 'user.deleted'; tenantKey: string; before: SandboxUser }
  | {
      kind: 'scope.updated';
      tenantKey: string;
      appId: string;
      before: ContactRange;
      after: ContactRange;
    };

export type OrgChangeListener = (change: OrgChange) => void;

export class SandboxError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const tk = (tenantKey: string, key: string) => `${tenantKey}\u0000${key}`;
const copy = <T>(v: T): T => structuredClone(v);

export class OrgStore {
  readonly tenants = new Map<string, SandboxTenant>();
  readonly departments = new Map<string, SandboxDepartment>();
  readonly users = new Map<string, SandboxUser>();
  readonly apps = new Map<string, SandboxApp>();
  readonly openIds = new OpenIdRegistry();

  private readonly children = new Map<string, Set<string>>(); // tenant+parentKey -> dept keys
  private readonly members = new Map<string, Set<string>>(); // tenant+deptKey -> user keys
  private readonly byOpenDeptId = new Map<string, string>();
  private readonly byDeptId = new Map<string, string>(); // tenant+department_id -> key
  private readonly byUnionId = new Map<string, string>();
  private readonly byUserId = new Map<string, string>(); // tenant+user_id -> key
  private readonly listeners = new Set<OrgChangeListener>();
  private seq = 0;

  readonly clock: SandboxClock;
  constructor(clock: SandboxClock) {
    this.clock = clock;
  }

  onChange(listener: OrgChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: OrgChange): void {
    for (const l of this.listeners) l(change);
  }

  nextKey(prefix: string): string {
    this.seq += 1;
    return `${prefix}${this.seq.toString(36)}`;
  }

  // ---- tenants and apps ---------------------------------------------------------------------

  addTenant(tenant: SandboxTenant): void {
    this.tenants.set(tenant.tenantKey, tenant);
  }

  addApp(app: SandboxApp): void {
    if (!this.tenants.has(app.tenantKey)) throw new Error(`unknown tenant ${app.tenantKey}`);
    this.apps.set(app.appId, app);
    for (const u of this.users.values()) {
      if (u.tenantKey === app.tenantKey) this.openIds.openIdFor(app.appId, u.key);
    }
  }

  setContactRange(appId: string, range: ContactRange): void {
    const app = this.requireApp(appId);
    const before = copy(app.contactRange);
    app.contactRange = copy(range);
    this.emit({
      kind: 'scope.updated',
      tenantKey: app.tenantKey,
      appId,
      before,
      after: copy(range),
    });
  }

  /**
   * App settings outside the contact change feed (scopes, availability, redirect URLs, event
   * subscription and its keys): the platform sends no contact event for these.
   */
  updateApp(
    appId: string,
    patch: Partial<
      Pick<
        SandboxApp,
        | 'scopes'
        | 'userScopes'
        | 'availability'
        | 'redirectUrls'
        | 'subscription'
        | 'encryptKey'
        | 'verificationToken'
        | 'allowRefresh'
        | 'enabled'
      >
    >,
  ): SandboxApp {
    const app = this.requireApp(appId);
    Object.assign(app, copy(patch));
    return app;
  }

  requireApp(appId: string): SandboxApp {
    const app = this.apps.get(appId);
    if (!app) throw new SandboxError(404, 'app_not_found', `no app ${appId}`);
    return app;
  }

  // ---- look-ups -----------------------------------------------------------------------------

  departmentByOpenId(openDepartmentId: string): SandboxDepartment | undefined {
    const key = this.byOpenDeptId.get(openDepartmentId);
    return key ? this.departments.get(key) : undefined;
  }

  departmentByCustomId(tenantKey: string, departmentId: string): SandboxDepartment | undefined {
    const key = this.byDeptId.get(tk(tenantKey, departmentId));
    return key ? this.departments.get(key) : undefined;
  }

  userByUnionId(unionId: string): SandboxUser | undefined {
    const key = this.byUnionId.get(unionId);
    return key ? this.users.get(key) : undefined;
  }

  userByUserId(tenantKey: string, userId: string): SandboxUser | undefined {
    const key = this.byUserId.get(tk(tenantKey, userId));
    return key ? this.users.get(key) : undefined;
  }

  userByOpenId(appId: string, openId: string): SandboxUser | undefined {
    const key = this.openIds.userKeyFor(appId, openId);
    return key ? this.users.get(key) : undefined;
  }

  /** Live (not deleted) child departments of a parent ("0" = root), in Feishu order. */
  childrenOf(tenantKey: string, parentKey: string): SandboxDepartment[] {
    const keys = this.children.get(tk(tenantKey, parentKey));
    if (!keys) return [];
    const out: SandboxDepartment[] = [];
    for (const k of keys) {
      const d = this.departments.get(k);
      if (d && !d.deleted) out.push(d);
    }
    return out.sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
  }

  /** Every live descendant, depth first in Feishu order. */
  descendantsOf(tenantKey: string, parentKey: string): SandboxDepartment[] {
    const out: SandboxDepartment[] = [];
    const walk = (p: string) => {
      for (const d of this.childrenOf(tenantKey, p)) {
        out.push(d);
        walk(d.key);
      }
    };
    walk(parentKey);
    return out;
  }

  /** Direct members of a department ("0" = the root's direct members), excluding resigned. */
  membersOf(tenantKey: string, departmentKey: string): SandboxUser[] {
    const keys = this.members.get(tk(tenantKey, departmentKey));
    if (!keys) return [];
    const out: SandboxUser[] = [];
    for (const k of keys) {
      const u = this.users.get(k);
      if (u && !u.deleted && !u.status.is_resigned) out.push(u);
    }
    const orderIn = (u: SandboxUser) =>
      u.orders.find((o) => o.departmentKey === departmentKey)?.userOrder ?? 0;
    return out.sort((a, b) => orderIn(b) - orderIn(a) || a.key.localeCompare(b.key));
  }

  /** Keys of the department and its ancestors up to (not including) the root. */
  ancestorsOf(departmentKey: string): string[] {
    const out: string[] = [];
    let cur = this.departments.get(departmentKey);
    while (cur && out.length < 1000) {
      out.push(cur.key);
      cur = cur.parentKey === ROOT ? undefined : this.departments.get(cur.parentKey);
    }
    return out;
  }

  // ---- contact range (what an app may see) ---------------------------------------------------

  departmentInRange(app: SandboxApp, departmentKey: string): boolean {
    const dept = this.departments.get(departmentKey);
    if (departmentKey !== ROOT && (!dept || dept.tenantKey !== app.tenantKey)) return false;
    if (app.contactRange.kind === 'all') return true;
    if (departmentKey === ROOT) return false;
    const allowed = new Set(app.contactRange.departmentKeys);
    return this.ancestorsOf(departmentKey).some((k) => allowed.has(k));
  }

  userInRange(app: SandboxApp, user: SandboxUser, range: ContactRange = app.contactRange): boolean {
    if (user.tenantKey !== app.tenantKey) return false;
    if (range.kind === 'all') return true;
    if (range.userKeys.includes(user.key)) return true;
    const allowed = new Set(range.departmentKeys);
    return user.departmentKeys.some(
      (d) => d !== ROOT && this.ancestorsOf(d).some((k) => allowed.has(k)),
    );
  }

  /** Whether the user may sign in with the app (its availability scope). */
  userAvailable(app: SandboxApp, user: SandboxUser): boolean {
    return this.userInRange(app, user, app.availability);
  }

  // ---- department mutations -----------------------------------------------------------------

  addDepartment(
    input: Omit<
      SandboxDepartment,
      'key' | 'openDepartmentId' | 'chatId' | 'deleted' | 'updatedAt'
    > &
      Partial<Pick<SandboxDepartment, 'key' | 'openDepartmentId' | 'chatId'>>,
    options: { silent?: boolean } = {},
  ): SandboxDepartment {
    if (input.parentKey !== ROOT && !this.departments.get(input.parentKey)) {
      throw new SandboxError(400, 'parent_not_found', `no parent department ${input.parentKey}`);
    }
    if (this.byDeptId.has(tk(input.tenantKey, input.departmentId))) {
      throw new SandboxError(
        409,
        'duplicate_department_id',
        `department_id ${input.departmentId} exists`,
      );
    }
    const key = input.key ?? this.nextKey('d');
    const dept: SandboxDepartment = {
      ...input,
      key,
      openDepartmentId: input.openDepartmentId ?? `od-${hex32(`dept:${input.tenantKey}:${key}`)}`,
      chatId: input.chatId ?? `oc_${hex32(`chat:${key}`)}`,
      deleted: false,
      updatedAt: this.clock.now(),
    };
    this.departments.set(key, dept);
    this.byOpenDeptId.set(dept.openDepartmentId, key);
    this.byDeptId.set(tk(dept.tenantKey, dept.departmentId), key);
    this.link(this.children, tk(dept.tenantKey, dept.parentKey), key);
    if (!options.silent)
      this.emit({ kind: 'department.created', tenantKey: dept.tenantKey, after: copy(dept) });
    return dept;
  }

  updateDepartment(
    key: string,
    patch: Partial<
      Pick<
        SandboxDepartment,
        'name' | 'i18nName' | 'parentKey' | 'leaderUserKey' | 'order' | 'departmentId'
      >
    >,
  ): SandboxDepartment {
    const dept = this.liveDepartment(key);
    const before = copy(dept);
    if (patch.parentKey !== undefined && patch.parentKey !== dept.parentKey) {
      if (patch.parentKey !== ROOT) {
        this.liveDepartment(patch.parentKey);
        if (this.ancestorsOf(patch.parentKey).includes(key)) {
          throw new SandboxError(400, 'cycle', 'a department cannot move under its own subtree');
        }
      }
      this.unlink(this.children, tk(dept.tenantKey, dept.parentKey), key);
      this.link(this.children, tk(dept.tenantKey, patch.parentKey), key);
    }
    if (patch.departmentId !== undefined && patch.departmentId !== dept.departmentId) {
      if (this.byDeptId.has(tk(dept.tenantKey, patch.departmentId))) {
        throw new SandboxError(
          409,
          'duplicate_department_id',
          `department_id ${patch.departmentId} exists`,
        );
      }
      this.byDeptId.delete(tk(dept.tenantKey, dept.departmentId));
      this.byDeptId.set(tk(dept.tenantKey, patch.departmentId), key);
    }
    Object.assign(dept, patch, { updatedAt: this.clock.now() });
    this.emit({ kind: 'department.updated', tenantKey: dept.tenantKey, before, after: copy(dept) });
    return dept;
  }

  /** Deletes an empty department, as the platform requires (no sub-departments, no members). */
  deleteDepartment(key: string): void {
    const dept = this.liveDepartment(key);
    if (
      this.childrenOf(dept.tenantKey, key).length > 0 ||
      this.membersOf(dept.tenantKey, key).length > 0
    ) {
      throw new SandboxError(
        400,
        'department_not_empty',
        'move its members and sub-departments first',
      );
    }
    const before = copy(dept);
    dept.deleted = true;
    dept.updatedAt = this.clock.now();
    this.byDeptId.delete(tk(dept.tenantKey, dept.departmentId)); // custom ids are reusable
    this.emit({ kind: 'department.deleted', tenantKey: dept.tenantKey, before });
  }

  liveDepartment(key: string): SandboxDepartment {
    const dept = this.departments.get(key);
    if (!dept || dept.deleted)
      throw new SandboxError(404, 'department_not_found', `no department ${key}`);
    return dept;
  }

  // ---- user mutations -----------------------------------------------------------------------

  addUser(
    input: Omit<SandboxUser, 'key' | 'unionId' | 'deleted' | 'updatedAt'> &
      Partial<Pick<SandboxUser, 'key' | 'unionId'>>,
    options: { silent?: boolean } = {},
  ): SandboxUser {
    for (const d of input.departmentKeys) if (d !== ROOT) this.liveDepartment(d);
    if (this.byUserId.has(tk(input.tenantKey, input.userId))) {
      throw new SandboxError(409, 'duplicate_user_id', `user_id ${input.userId} exists`);
    }
    const key = input.key ?? this.nextKey('u');
    const user: SandboxUser = {
      ...input,
      key,
      unionId: input.unionId ?? `on_${hex32(`union:${key}`)}`,
      deleted: false,
      updatedAt: this.clock.now(),
    };
    this.users.set(key, user);
    this.byUnionId.set(user.unionId, key);
    this.byUserId.set(tk(user.tenantKey, user.userId), key);
    for (const d of user.departmentKeys) this.link(this.members, tk(user.tenantKey, d), key);
    for (const app of this.apps.values()) {
      if (app.tenantKey === user.tenantKey) this.openIds.openIdFor(app.appId, key);
    }
    if (!options.silent)
      this.emit({ kind: 'user.created', tenantKey: user.tenantKey, after: copy(user) });
    return user;
  }

  /** Changes user fields; departmentKeys moves the user (orders follow). */
  updateUser(
    key: string,
    patch: Partial<Omit<SandboxUser, 'key' | 'tenantKey' | 'unionId' | 'deleted' | 'updatedAt'>>,
  ): SandboxUser {
    const user = this.liveUser(key);
    const before = copy(user);
    if (patch.userId !== undefined && patch.userId !== user.userId) {
      if (this.byUserId.has(tk(user.tenantKey, patch.userId))) {
        throw new SandboxError(409, 'duplicate_user_id', `user_id ${patch.userId} exists`);
      }
      this.byUserId.delete(tk(user.tenantKey, user.userId));
      this.byUserId.set(tk(user.tenantKey, patch.userId), key);
    }
    if (patch.departmentKeys) {
      if (patch.departmentKeys.length === 0)
        throw new SandboxError(400, 'no_department', 'a user needs a department');
      for (const d of patch.departmentKeys) if (d !== ROOT) this.liveDepartment(d);
      for (const d of user.departmentKeys) this.unlink(this.members, tk(user.tenantKey, d), key);
      for (const d of patch.departmentKeys) this.link(this.members, tk(user.tenantKey, d), key);
      if (!patch.orders) {
        patch.orders = patch.departmentKeys.map((d, i) => ({
          departmentKey: d,
          userOrder: 0,
          departmentOrder: i,
          isPrimary: i === 0,
        }));
      }
    }
    Object.assign(user, patch, { updatedAt: this.clock.now() });
    this.emit({ kind: 'user.updated', tenantKey: user.tenantKey, before, after: copy(user) });
    return user;
  }

  /**
   * Offboards a user ("employee resigned"): contact.user.deleted_v3 on the platform. silent is
   * for building a world that starts with some people already gone (no events at start).
   */
  resignUser(key: string, options: { silent?: boolean } = {}): void {
    const user = this.liveUser(key);
    const before = copy(user);
    user.status = { ...user.status, is_resigned: true, is_activated: false };
    user.deleted = true;
    user.updatedAt = this.clock.now();
    for (const d of user.departmentKeys) this.unlink(this.members, tk(user.tenantKey, d), key);
    if (!options.silent) this.emit({ kind: 'user.deleted', tenantKey: user.tenantKey, before });
  }

  liveUser(key: string): SandboxUser {
    const user = this.users.get(key);
    if (!user || user.deleted) throw new SandboxError(404, 'user_not_found', `no user ${key}`);
    return user;
  }

  // ---- index helpers ------------------------------------------------------------------------

  private link(index: Map<string, Set<string>>, at: string, key: string): void {
    let set = index.get(at);
    if (!set) index.set(at, (set = new Set()));
    set.add(key);
  }

  private unlink(index: Map<string, Set<string>>, at: string, key: string): void {
    index.get(at)?.delete(key);
  }
}
