// Applications and policies for administrators: CRUD and bulk reorder, each change in one
// transaction with its audit entry (before/after) and a bump of the tenant's policy revision,
// then the entitlements refresh that tells affected clients. Tenant isolation as everywhere:
// another tenant's tenant is not found, and every query is keyed by the tenant id.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import {
  applicationSchema,
  findAddressOverlaps,
  policySchema,
  type AddressOverlap,
  type Application,
  type ApplicationInput,
  type CompileWarning,
  type PolicyInput,
} from '../../shared/domain/policy/index.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import type { Database } from '../storage/schema.ts';
import type { CompileCache } from './compile-cache.ts';
import type { EntitlementsService } from './entitlements-service.ts';
import * as store from './policy-store.ts';
import { assertPolicyReferences } from './policy-validation.ts';
import { whatIf, type WhatIfInput } from './what-if.ts';

export interface Warnings {
  overlaps: AddressOverlap[];
  compile: CompileWarning[];
}

const overlapsOf = (apps: readonly Application[], appId?: string): AddressOverlap[] =>
  findAddressOverlaps(apps).overlaps.filter(
    (o) => appId === undefined || o.outer.app_id === appId || o.inner.app_id === appId,
  );

export function createPolicyAdmin(deps: {
  db: Kysely<Database>;
  clock: Clock;
  cache: CompileCache;
  entitlements: EntitlementsService;
}) {
  const { db, clock, cache, entitlements } = deps;

  async function mustSeeTenant(ctx: RequestContext, tenantId: string): Promise<void> {
    if (!(await getTenant(db, scopeOf(ctx.actor), tenantId)))
      throw new AppError('TENANT_NOT_FOUND');
  }

  /** After a committed change: recompile, tell clients, and return what the new set warns. */
  async function afterChange(tenantId: string) {
    await entitlements.refreshTenant(tenantId);
    return cache.current(tenantId);
  }

  async function change<T>(
    ctx: RequestContext,
    tenantId: string,
    work: (trx: Kysely<Database>, now: Date) => Promise<T>,
  ): Promise<T> {
    await mustSeeTenant(ctx, tenantId);
    const result = await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const out = await work(trx, now);
      await store.bumpPolicyRevision(trx, tenantId, now);
      return out;
    });
    return result;
  }

  const audit = (
    trx: Kysely<Database>,
    ctx: RequestContext,
    tenantId: string,
    action: string,
    targetType: string,
    targetId: string | null,
    before?: unknown,
    after?: unknown,
  ) =>
    writeAudit(trx, clock, adminActor(ctx), {
      action,
      targetType,
      targetId,
      tenantId,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    });

  async function appWarnings(tenantId: string, appId?: string): Promise<Warnings> {
    const set = await afterChange(tenantId);
    return {
      overlaps: overlapsOf(set.applications, appId),
      compile: set.compiled.warnings.filter((w) => appId === undefined || w.ref === appId),
    };
  }

  async function policyWarnings(tenantId: string, policyId?: string): Promise<Warnings> {
    const set = await afterChange(tenantId);
    return {
      overlaps: [],
      compile: set.compiled.warnings.filter(
        (w) => policyId === undefined || w.policy_id === policyId,
      ),
    };
  }

  return {
    async listApplications(ctx: RequestContext, tenantId: string) {
      await mustSeeTenant(ctx, tenantId);
      const items = await store.listApplications(db, tenantId);
      return { items, warnings: { overlaps: overlapsOf(items), compile: [] } as Warnings };
    },

    async getApplication(ctx: RequestContext, tenantId: string, id: string) {
      await mustSeeTenant(ctx, tenantId);
      const app = await store.getApplication(db, tenantId, id);
      if (!app) throw new AppError('POLICY_APPLICATION_NOT_FOUND');
      const all = await store.listApplications(db, tenantId);
      return { application: app, warnings: { overlaps: overlapsOf(all, id), compile: [] } };
    },

    async createApplication(
      ctx: RequestContext,
      tenantId: string,
      input: Omit<ApplicationInput, 'id'>,
    ) {
      const app = applicationSchema.parse({ ...input, id: randomUUID() });
      await change(ctx, tenantId, async (trx, now) => {
        await store.insertApplication(trx, tenantId, app, now);
        await audit(
          trx,
          ctx,
          tenantId,
          'policy_application.create',
          'policy_application',
          app.id,
          undefined,
          app,
        );
      });
      return { application: app, warnings: await appWarnings(tenantId, app.id) };
    },

    async replaceApplication(
      ctx: RequestContext,
      tenantId: string,
      id: string,
      input: Omit<ApplicationInput, 'id'>,
    ) {
      const app = applicationSchema.parse({ ...input, id });
      await change(ctx, tenantId, async (trx, now) => {
        const before = await store.getApplication(trx, tenantId, id, true);
        if (!before) throw new AppError('POLICY_APPLICATION_NOT_FOUND');
        await store.updateApplication(trx, tenantId, app, now);
        await audit(
          trx,
          ctx,
          tenantId,
          'policy_application.update',
          'policy_application',
          id,
          before,
          app,
        );
      });
      return { application: app, warnings: await appWarnings(tenantId, id) };
    },

    async deleteApplication(ctx: RequestContext, tenantId: string, id: string): Promise<void> {
      await change(ctx, tenantId, async (trx) => {
        const before = await store.getApplication(trx, tenantId, id, true);
        if (!before) throw new AppError('POLICY_APPLICATION_NOT_FOUND');
        const users = await store.policiesNamingApplication(trx, tenantId, id);
        if (users.length) {
          throw new AppError('POLICY_APPLICATION_IN_USE', {
            params: { names: users.map((p) => `"${p.name}"`).join(', ') },
            details: { policies: users },
          });
        }
        await store.deleteApplication(trx, tenantId, id);
        await audit(
          trx,
          ctx,
          tenantId,
          'policy_application.delete',
          'policy_application',
          id,
          before,
        );
      });
      await afterChange(tenantId);
    },

    async listPolicies(ctx: RequestContext, tenantId: string) {
      await mustSeeTenant(ctx, tenantId);
      const set = await cache.current(tenantId);
      return {
        items: [...set.policies],
        warnings: { overlaps: [], compile: [...set.compiled.warnings] } as Warnings,
      };
    },

    async getPolicy(ctx: RequestContext, tenantId: string, id: string) {
      await mustSeeTenant(ctx, tenantId);
      const policy = await store.getPolicy(db, tenantId, id);
      if (!policy) throw new AppError('POLICY_NOT_FOUND');
      const set = await cache.current(tenantId);
      return {
        policy,
        warnings: {
          overlaps: [],
          compile: set.compiled.warnings.filter((w) => w.policy_id === id),
        },
      };
    },

    async createPolicy(ctx: RequestContext, tenantId: string, input: Omit<PolicyInput, 'id'>) {
      const policy = policySchema.parse({ ...input, id: randomUUID() });
      await change(ctx, tenantId, async (trx, now) => {
        await assertPolicyReferences(trx, tenantId, policy);
        await store.insertPolicy(trx, tenantId, policy, now);
        await audit(
          trx,
          ctx,
          tenantId,
          'access_policy.create',
          'access_policy',
          policy.id,
          undefined,
          policy,
        );
      });
      return { policy, warnings: await policyWarnings(tenantId, policy.id) };
    },

    async replacePolicy(
      ctx: RequestContext,
      tenantId: string,
      id: string,
      input: Omit<PolicyInput, 'id'>,
    ) {
      const policy = policySchema.parse({ ...input, id });
      await change(ctx, tenantId, async (trx, now) => {
        const before = await store.getPolicy(trx, tenantId, id, true);
        if (!before) throw new AppError('POLICY_NOT_FOUND');
        await assertPolicyReferences(trx, tenantId, policy);
        await store.updatePolicy(trx, tenantId, policy, now);
        await audit(
          trx,
          ctx,
          tenantId,
          'access_policy.update',
          'access_policy',
          id,
          before,
          policy,
        );
      });
      return { policy, warnings: await policyWarnings(tenantId, id) };
    },

    async deletePolicy(ctx: RequestContext, tenantId: string, id: string): Promise<void> {
      await change(ctx, tenantId, async (trx) => {
        const before = await store.getPolicy(trx, tenantId, id, true);
        if (!before) throw new AppError('POLICY_NOT_FOUND');
        await store.deletePolicy(trx, tenantId, id);
        await audit(trx, ctx, tenantId, 'access_policy.delete', 'access_policy', id, before);
      });
      await afterChange(tenantId);
    },

    /** What one directory user may open now (the console's user detail); null when the user
     * is not active (disabled and deleted users are entitled to nothing). */
    async entitlementsOf(ctx: RequestContext, tenantId: string, userId: string) {
      await mustSeeTenant(ctx, tenantId);
      const user = await db
        .selectFrom('directory_users as u')
        .innerJoin('identity_sources as s', 's.id', 'u.source_id')
        .select(['u.id', 'u.status'])
        .where('s.tenant_id', '=', tenantId)
        .where('u.id', '=', userId)
        .executeTakeFirst();
      if (!user) throw new AppError('DIRECTORY_USER_NOT_FOUND');
      const found = user.status === 'active' ? await entitlements.forUser(tenantId, userId) : null;
      return { user_status: user.status, entitlements: found?.entitlements ?? null };
    },

    async whatIf(ctx: RequestContext, tenantId: string, input: WhatIfInput) {
      await mustSeeTenant(ctx, tenantId);
      return whatIf({ db, clock, cache }, tenantId, input);
    },

    /** Sets many priorities at once (one audit entry with every change). */
    async reorder(
      ctx: RequestContext,
      tenantId: string,
      items: readonly { id: string; priority: number }[],
    ) {
      const ids = items.map((i) => i.id);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      await change(ctx, tenantId, async (trx, now) => {
        const current = new Map(
          (await store.listPolicies(trx, tenantId)).map((p) => [p.id, p.priority]),
        );
        const unknown = ids.filter((id) => !current.has(id));
        const bad = [...new Set([...unknown, ...repeated])];
        if (bad.length) {
          throw new AppError('POLICY_REORDER_INVALID', {
            params: { names: bad.join(', ') },
            details: { unknown, repeated: [...new Set(repeated)] },
          });
        }
        const moved = items.filter((i) => current.get(i.id) !== i.priority);
        for (const i of moved) await store.setPolicyPriority(trx, tenantId, i.id, i.priority, now);
        await audit(
          trx,
          ctx,
          tenantId,
          'access_policy.reorder',
          'access_policy',
          null,
          moved.map((i) => ({ id: i.id, priority: current.get(i.id) })),
          moved.map((i) => ({ id: i.id, priority: i.priority })),
        );
      });
      return { items: [...(await afterChange(tenantId)).policies] };
    },
  };
}

export type PolicyAdmin = ReturnType<typeof createPolicyAdmin>;
