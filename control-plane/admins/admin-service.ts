// Admin account management. Platform admins manage everyone; a tenant admin manages the tenant
// admins of its own tenant and sees no one else (404, as for anything of another tenant).
// Guards against locking the deployment out: nobody disables, deletes or re-roles themselves,
// and the last active platform admin stays. Disabling an admin, moving them or setting their
// password ends their sessions.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { adminActor, writeAudit, type AuditActorInfo } from '../audit/audit-writer.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { hashPassword } from '../security/password-hash.ts';
import { uniqueViolation } from '../storage/db-errors.ts';
import * as repo from '../storage/repositories/admins.ts';
import { deleteSessionsOfAdmin } from '../storage/repositories/sessions.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import type { AdminRole, AdminRow, Database } from '../storage/schema.ts';
import { ALL_TENANTS, type TenantScope } from '../storage/tenant-scope.ts';
import { adminView } from './admin-view.ts';
import { assertPasswordAcceptable } from './password-policy.ts';

export interface NewAdmin {
  email: string;
  name: string;
  role: AdminRole;
  tenant_id?: string | null;
  password: string;
}

export interface AdminPatch {
  name?: string;
  role?: AdminRole;
  tenant_id?: string | null;
  status?: AdminRow['status'];
  password?: string;
}

export function createAdminService({ db, clock }: { db: Kysely<Database>; clock: Clock }) {
  /** Role and tenant must agree, the tenant must exist in the scope, and only the platform
   *  makes platform admins. */
  async function checkRoleAndTenant(
    trx: Kysely<Database>,
    scope: TenantScope,
    role: AdminRole,
    tenantId: string | null,
  ) {
    if (role === 'platform_admin' && scope.kind === 'tenant') throw new AppError('AUTH_FORBIDDEN');
    if ((role === 'platform_admin') !== (tenantId === null))
      throw new AppError('ADMIN_TENANT_MISMATCH');
    if (tenantId && !(await getTenant(trx, scope, tenantId)))
      throw new AppError('TENANT_NOT_FOUND');
  }

  async function createInScope(
    actor: AuditActorInfo,
    scope: TenantScope,
    input: NewAdmin,
  ): Promise<AdminRow> {
    const email = input.email.trim().toLowerCase();
    const tenantId =
      input.tenant_id ??
      (scope.kind === 'tenant' && input.role === 'tenant_admin' ? scope.tenantId : null);
    assertPasswordAcceptable(input.password, email);
    const passwordHash = await hashPassword(input.password);
    const now = clock.now();
    try {
      return await db.transaction().execute(async (trx) => {
        await checkRoleAndTenant(trx, scope, input.role, tenantId);
        const row = await repo.insertAdmin(trx, {
          id: randomUUID(),
          email,
          name: input.name,
          role: input.role,
          tenant_id: tenantId,
          status: 'active',
          password_hash: passwordHash,
          locked_until: null,
          last_login_at: null,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        });
        await writeAudit(trx, clock, actor, {
          action: 'admin.create',
          targetType: 'admin',
          targetId: row.id,
          tenantId,
          after: { ...adminView(row), password: 'set' },
        });
        return row;
      });
    } catch (err) {
      if (uniqueViolation(err) === 'admins_email_key')
        throw new AppError('ADMIN_EMAIL_TAKEN', { cause: err });
      throw err;
    }
  }

  async function mustGet(trx: Kysely<Database>, scope: TenantScope, id: string): Promise<AdminRow> {
    const row = await repo.getAdminInScope(trx, scope, id);
    if (!row) throw new AppError('ADMIN_NOT_FOUND');
    return row;
  }

  /** Would this change leave no active platform admin? (Counted under row locks.) */
  async function assertNotLastPlatformAdmin(
    trx: Kysely<Database>,
    before: AdminRow,
    stillActivePlatform: boolean,
  ) {
    if (before.role !== 'platform_admin' || before.status !== 'active' || stillActivePlatform)
      return;
    if ((await repo.countActivePlatformAdmins(trx)) <= 1)
      throw new AppError('ADMIN_LAST_PLATFORM_ADMIN');
  }

  return {
    /** For the bootstrap and the CLI, which act for the whole deployment. */
    createWithActor: (actor: AuditActorInfo, input: NewAdmin) =>
      createInScope(actor, ALL_TENANTS, input),

    create: (ctx: RequestContext, input: NewAdmin) =>
      createInScope(adminActor(ctx), scopeOf(ctx.actor), input),

    list: (ctx: RequestContext, query: repo.AdminListQuery) =>
      repo.listAdmins(db, scopeOf(ctx.actor), query),

    get: (ctx: RequestContext, id: string) => mustGet(db, scopeOf(ctx.actor), id),

    async update(ctx: RequestContext, id: string, patch: AdminPatch): Promise<AdminRow> {
      const scope = scopeOf(ctx.actor);
      const passwordHash =
        patch.password === undefined ? undefined : await hashPassword(patch.password);
      return db.transaction().execute(async (trx) => {
        const before = await mustGet(trx, scope, id);
        if (patch.password !== undefined) assertPasswordAcceptable(patch.password, before.email);
        const role = patch.role ?? before.role;
        const status = patch.status ?? before.status;
        const tenantId =
          patch.tenant_id !== undefined
            ? patch.tenant_id
            : role === 'platform_admin'
              ? null
              : (before.tenant_id ?? (scope.kind === 'tenant' ? scope.tenantId : null));
        const self = id === ctx.actor.adminId;
        if (
          self &&
          (role !== before.role || status !== before.status || tenantId !== before.tenant_id)
        ) {
          throw new AppError('ADMIN_SELF_CHANGE_FORBIDDEN');
        }
        await checkRoleAndTenant(trx, scope, role, tenantId);
        await assertNotLastPlatformAdmin(
          trx,
          before,
          role === 'platform_admin' && status === 'active',
        );
        const now = clock.now();
        const after = await repo.updateAdmin(trx, id, {
          name: patch.name ?? before.name,
          role,
          tenant_id: tenantId,
          status,
          updated_at: now,
          ...(passwordHash
            ? {
                password_hash: passwordHash,
                password_changed_at: now,
                failed_logins: 0,
                locked_until: null,
              }
            : {}),
        });
        if (!after) throw new AppError('ADMIN_NOT_FOUND');
        const endsSessions =
          passwordHash !== undefined ||
          status !== 'active' ||
          role !== before.role ||
          tenantId !== before.tenant_id;
        if (endsSessions && !self) await deleteSessionsOfAdmin(trx, id);
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'admin.update',
          targetType: 'admin',
          targetId: id,
          tenantId: after.tenant_id ?? before.tenant_id,
          before: adminView(before),
          after: { ...adminView(after), ...(passwordHash ? { password: 'set' } : {}) },
        });
        return after;
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      if (id === ctx.actor.adminId) throw new AppError('ADMIN_SELF_CHANGE_FORBIDDEN');
      await db.transaction().execute(async (trx) => {
        const before = await mustGet(trx, scopeOf(ctx.actor), id);
        await assertNotLastPlatformAdmin(trx, before, false);
        await repo.deleteAdmin(trx, id);
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'admin.delete',
          targetType: 'admin',
          targetId: id,
          tenantId: before.tenant_id,
          before: adminView(before),
        });
      });
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
