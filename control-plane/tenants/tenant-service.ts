// Tenant administration: platform admins manage every tenant; a tenant admin sees and edits
// its own (name and time zone, and regenerating its verification ID), never another's.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { DEFAULT_TIME_ZONE } from '../../shared/domain/time-zone.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { isPlatformAdmin, scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { uniqueViolation } from '../storage/db-errors.ts';
import * as repo from '../storage/repositories/tenants.ts';
import type { Database, TenantRow } from '../storage/schema.ts';
import { newVerificationId } from '../security/tokens.ts';
import { tenantView } from './tenant-view.ts';

export interface TenantServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export interface NewTenant {
  name: string;
  time_zone?: string;
  status?: TenantRow['status'];
}

export interface TenantPatch {
  name?: string;
  time_zone?: string;
  status?: TenantRow['status'];
}

const VERIFICATION_ID_ATTEMPTS = 5;

function rethrowTenantConflict(err: unknown): never {
  if (uniqueViolation(err) === 'tenants_name_key')
    throw new AppError('TENANT_NAME_TAKEN', { cause: err });
  throw err;
}

export function createTenantService({ db, clock }: TenantServiceDeps) {
  const requirePlatform = (ctx: RequestContext) => {
    if (!isPlatformAdmin(ctx.actor)) throw new AppError('AUTH_FORBIDDEN');
  };

  async function mustGet(
    trx: Kysely<Database>,
    ctx: RequestContext,
    id: string,
  ): Promise<TenantRow> {
    const row = await repo.getTenant(trx, scopeOf(ctx.actor), id);
    if (!row) throw new AppError('TENANT_NOT_FOUND');
    return row;
  }

  /** Retries on the (astronomically unlikely) collision of a fresh verification ID. */
  async function withFreshVerificationId<T>(
    work: (verificationId: string) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work(newVerificationId());
      } catch (err) {
        const constraint = uniqueViolation(err);
        if (constraint !== 'tenants_verification_id_key' || attempt >= VERIFICATION_ID_ATTEMPTS)
          throw err;
      }
    }
  }

  return {
    list: (ctx: RequestContext, query: repo.TenantListQuery) =>
      repo.listTenants(db, scopeOf(ctx.actor), query),

    get: (ctx: RequestContext, id: string) => mustGet(db, ctx, id),

    async create(ctx: RequestContext, input: NewTenant): Promise<TenantRow> {
      requirePlatform(ctx);
      const now = clock.now();
      try {
        return await withFreshVerificationId((verificationId) =>
          db.transaction().execute(async (trx) => {
            const row = await repo.insertTenant(trx, {
              id: randomUUID(),
              name: input.name,
              status: input.status ?? 'active',
              time_zone: input.time_zone ?? DEFAULT_TIME_ZONE,
              verification_id: verificationId,
              created_at: now,
              updated_at: now,
            });
            await writeAudit(trx, clock, adminActor(ctx), {
              action: 'tenant.create',
              targetType: 'tenant',
              targetId: row.id,
              tenantId: row.id,
              after: tenantView(row),
            });
            return row;
          }),
        );
      } catch (err) {
        rethrowTenantConflict(err);
      }
    },

    async update(ctx: RequestContext, id: string, patch: TenantPatch): Promise<TenantRow> {
      try {
        return await db.transaction().execute(async (trx) => {
          // Visibility first: another tenant is "not found", not "forbidden".
          const before = await mustGet(trx, ctx, id);
          if (patch.status !== undefined && !isPlatformAdmin(ctx.actor))
            throw new AppError('AUTH_FORBIDDEN');
          const after = await repo.updateTenant(trx, id, { ...patch, updated_at: clock.now() });
          if (!after) throw new AppError('TENANT_NOT_FOUND');
          await writeAudit(trx, clock, adminActor(ctx), {
            action:
              patch.status && patch.status !== before.status
                ? `tenant.${patch.status === 'suspended' ? 'suspend' : 'activate'}`
                : 'tenant.update',
            targetType: 'tenant',
            targetId: id,
            tenantId: id,
            before: tenantView(before),
            after: tenantView(after),
          });
          return after;
        });
      } catch (err) {
        rethrowTenantConflict(err);
      }
    },

    async regenerateVerificationId(ctx: RequestContext, id: string): Promise<TenantRow> {
      return withFreshVerificationId((verificationId) =>
        db.transaction().execute(async (trx) => {
          const before = await mustGet(trx, ctx, id);
          const after = await repo.updateTenant(trx, id, {
            verification_id: verificationId,
            updated_at: clock.now(),
          });
          if (!after) throw new AppError('TENANT_NOT_FOUND');
          await writeAudit(trx, clock, adminActor(ctx), {
            action: 'tenant.regenerate_verification_id',
            targetType: 'tenant',
            targetId: id,
            tenantId: id,
            before: { verification_id: before.verification_id },
            after: { verification_id: after.verification_id },
          });
          return after;
        }),
      );
    },

    async remove(ctx: RequestContext, id: string, confirmed: boolean): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await mustGet(trx, ctx, id);
        requirePlatform(ctx);
        if (!confirmed) throw new AppError('TENANT_DELETE_NOT_CONFIRMED');
        await repo.deleteTenant(trx, id);
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'tenant.delete',
          targetType: 'tenant',
          targetId: id,
          tenantId: id,
          before: tenantView(before),
        });
      });
    },
  };
}

export type TenantService = ReturnType<typeof createTenantService>;
