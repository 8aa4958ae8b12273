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
  type Policy,
  type PolicyInput,
} from '../../shared/domain/policy/index.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import type { Database } from '../storage/schema.ts';
import { applicationKind, policyKind, type AdminRowKind } from './admin-row-kinds.ts';
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

  /** Checks a create or replace makes before writing (references, ...), inside its transaction. */
  type BeforeWrite<M> = (trx: Kysely<Database>, model: M) => Promise<void>;

  /** The row as it is now, locked until the change commits; not found is the kind's error. */
  async function lockedRow<M extends { id: string }>(
    kind: AdminRowKind<M>,
    trx: Kysely<Database>,
    tenantId: string,
    id: string,
  ): Promise<M> {
    const before = await kind.rows.get(trx, tenantId, id, true);
    if (!before) throw new AppError(kind.notFound);
    return before;
  }

  /** Creates (a new id) or replaces (an existing row) one application or policy. */
  async function writeRow<M extends { id: string }>(
    kind: AdminRowKind<M>,
    how: 'create' | 'update',
    ctx: RequestContext,
    tenantId: string,
    model: M,
    beforeWrite?: BeforeWrite<M>,
  ): Promise<void> {
    await change(ctx, tenantId, async (trx, now) => {
      const before = how === 'update' ? await lockedRow(kind, trx, tenantId, model.id) : undefined;
      await beforeWrite?.(trx, model);
      await (how === 'create' ? kind.rows.insert : kind.rows.update)(trx, tenantId, model, now);
      const target = kind.auditTarget;
      await audit(trx, ctx, tenantId, `${target}.${how}`, target, model.id, before, model);
    });
  }

  /** Deletes one row; `beforeDelete` may refuse (an application still named by policies). */
  async function deleteRow<M extends { id: string }>(
    kind: AdminRowKind<M>,
    ctx: RequestContext,
    tenantId: string,
    id: string,
    beforeDelete?: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<void> {
    await change(ctx, tenantId, async (trx) => {
      const before = await lockedRow(kind, trx, tenantId, id);
      await beforeDelete?.(trx);
      await kind.rows.delete(trx, tenantId, id);
      const target = kind.auditTarget;
      await audit(trx, ctx, tenantId, `${target}.delete`, target, id, before);
    });
    await afterChange(tenantId);
  }

  const checkReferences =
    (tenantId: string): BeforeWrite<Policy> =>
    (trx, policy) =>
      assertPolicyReferences(trx, tenantId, policy);

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
      const app = await applicationKind.rows.get(db, tenantId, id);
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
      await writeRow(applicationKind, 'create', ctx, tenantId, app);
      return { application: app, warnings: await appWarnings(tenantId, app.id) };
    },

    async replaceApplication(
      ctx: RequestContext,
      tenantId: string,
      id: string,
      input: Omit<ApplicationInput, 'id'>,
    ) {
      const app = applicationSchema.parse({ ...input, id });
      await writeRow(applicationKind, 'update', ctx, tenantId, app);
      return { application: app, warnings: await appWarnings(tenantId, id) };
    },

    async deleteApplication(ctx: RequestContext, tenantId: string, id: string): Promise<void> {
      await deleteRow(applicationKind, ctx, tenantId, id, async (trx) => {
        const users = await store.policiesNamingApplication(trx, tenantId, id);
        if (users.length) {
          throw new AppError('POLICY_APPLICATION_IN_USE', {
            params: { names: users.map((p) => `"${p.name}"`).join(', ') },
            details: { policies: users },
          });
        }
      });
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
      const policy = await policyKind.rows.get(db, tenantId, id);
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
      await writeRow(policyKind, 'create', ctx, tenantId, policy, checkReferences(tenantId));
      return { policy, warnings: await policyWarnings(tenantId, policy.id) };
    },

    async replacePolicy(
      ctx: RequestContext,
      tenantId: string,
      id: string,
      input: Omit<PolicyInput, 'id'>,
    ) {
      const policy = policySchema.parse({ ...input, id });
      await writeRow(policyKind, 'update', ctx, tenantId, policy, checkReferences(tenantId));
      return { policy, warnings: await policyWarnings(tenantId, id) };
    },

    async deletePolicy(ctx: RequestContext, tenantId: string, id: string): Promise<void> {
      await deleteRow(policyKind, ctx, tenantId, id);
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
