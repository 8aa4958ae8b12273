// What an admin does with sync (issue 3 sections 5, 6 and 8): "sync now" (queued through the
// job queue, 409 while one is queued or running), the runs of a source with their counts and
// hold reasons, the pending changes of a held run page by page, approve (the exact stored change
// if the directory has not changed since, else a new run that recomputes it and weighs only
// removals beyond the approved ones) and discard. Every decision is audited with counts.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { applyChangeSet } from '../directory/apply-change-set.ts';
import { countChanges } from '../directory/change-set.ts';
import type { DirectorySignals } from '../directory/signals.ts';
import { activeRun, enqueueSync } from '../jobs/sync-queue.ts';
import { getSource, getSourceById } from '../storage/repositories/identity-sources.ts';
import {
  type Database,
  type IdentitySourceRow,
  type PendingChangeAction,
  type PendingChangeEntity,
  type SyncRunRow,
  type SyncRunStatus,
} from '../storage/schema.ts';
import { connectivityPassed } from './full-sync.ts';
import { listPendingChanges, loadPendingChangeSet, pendingSummary } from './pending-changes.ts';
import type { HoldReason } from './sync-holds.ts';

export interface SyncServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  signals?: DirectorySignals;
}

export interface RunListQuery {
  status?: SyncRunStatus;
  limit: number;
  offset: number;
}

export interface ChangeListQuery {
  entity?: PendingChangeEntity;
  actions?: PendingChangeAction[];
  limit: number;
  offset: number;
}

export interface ApproveResult {
  run: SyncRunRow;
  /** True: the stored change was applied. False: the directory had changed; next_run recomputes. */
  applied: boolean;
  nextRun?: SyncRunRow;
}

export function createSyncService({ db, clock, signals }: SyncServiceDeps) {
  async function mustGetSource(
    ctx: RequestContext,
    tenantId: string | undefined,
    sourceId: string,
  ): Promise<IdentitySourceRow> {
    // Without a tenant in the path, the source names it; the scope check is the same.
    const tid = tenantId ?? (await getSourceById(db, sourceId))?.tenant_id;
    const source = tid ? await getSource(db, scopeOf(ctx.actor), tid, sourceId) : undefined;
    if (!source) throw new AppError('SOURCE_NOT_FOUND');
    return source;
  }

  async function mustGetRun(sourceId: string, runId: string, trx: Kysely<Database> = db) {
    const run = await trx
      .selectFrom('sync_runs')
      .selectAll()
      .where('source_id', '=', sourceId)
      .where('id', '=', runId)
      .executeTakeFirst();
    if (!run) throw new AppError('SYNC_RUN_NOT_FOUND');
    return run;
  }

  const mustBeBlocked = (run: SyncRunRow) => {
    if (run.status !== 'blocked')
      throw new AppError('SYNC_RUN_NOT_BLOCKED', { params: { status: run.status } });
  };

  /** Ends a held run by an admin's decision, unless someone decided first. */
  async function decide(
    trx: Kysely<Database>,
    ctx: RequestContext,
    run: SyncRunRow,
    patch: { status: 'succeeded' | 'discarded'; superseded_by?: string },
  ): Promise<SyncRunRow> {
    const now = clock.now();
    const row = await trx
      .updateTable('sync_runs')
      .set({ ...patch, decided_by: ctx.actor.adminId, decided_at: now })
      .where('id', '=', run.id)
      .where('status', '=', 'blocked')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('SYNC_RUN_NOT_BLOCKED', { params: { status: 'decided' } });
    return row;
  }

  /**
   * A transaction that queues a run. A run already queued or running is refused before
   * anything is written; one queued by someone else at the same moment fails the unique index,
   * which aborts the transaction, and is reported the same way once it has rolled back.
   */
  async function queueing<T>(sourceId: string, work: (trx: Kysely<Database>) => Promise<T>) {
    const refuse = (active: unknown) =>
      new AppError('SYNC_ALREADY_RUNNING', { details: { run: active } });
    const before = await activeRun(db, sourceId);
    if (before) throw refuse(before);
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      const active = await activeRun(db, sourceId);
      if (active) throw refuse(active);
      throw err;
    }
  }

  return {
    source: mustGetSource,

    async syncNow(ctx: RequestContext, tenantId: string | undefined, sourceId: string) {
      const source = await mustGetSource(ctx, tenantId, sourceId);
      if (source.status !== 'enabled') throw new AppError('SYNC_SOURCE_CLOSED');
      if (!connectivityPassed(source)) throw new AppError('SYNC_CONNECTIVITY_NOT_PASSED');
      return queueing(sourceId, async (trx) => {
        const run = await enqueueSync(trx, clock.now(), {
          sourceId,
          tenantId: source.tenant_id,
          trigger: 'manual',
          requestedBy: ctx.actor.adminId,
        });
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'sync.run.request',
          targetType: 'sync_run',
          targetId: run.id,
          tenantId: source.tenant_id,
          after: { source_id: sourceId, trigger: 'manual' },
        });
        return run;
      });
    },

    async listRuns(
      ctx: RequestContext,
      tenantId: string | undefined,
      sourceId: string,
      q: RunListQuery,
    ) {
      await mustGetSource(ctx, tenantId, sourceId);
      let base = db.selectFrom('sync_runs').where('source_id', '=', sourceId);
      if (q.status) base = base.where('status', '=', q.status);
      const [items, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(q.limit)
          .offset(q.offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    async getRun(
      ctx: RequestContext,
      tenantId: string | undefined,
      sourceId: string,
      runId: string,
    ) {
      await mustGetSource(ctx, tenantId, sourceId);
      const run = await mustGetRun(sourceId, runId);
      return { run, pending: await pendingSummary(db, runId) };
    },

    async listChanges(
      ctx: RequestContext,
      tenantId: string | undefined,
      sourceId: string,
      runId: string,
      q: ChangeListQuery,
    ) {
      await mustGetSource(ctx, tenantId, sourceId);
      await mustGetRun(sourceId, runId);
      return listPendingChanges(db, runId, q);
    },

    async approve(
      ctx: RequestContext,
      tenantId: string | undefined,
      sourceId: string,
      runId: string,
    ): Promise<ApproveResult> {
      const source = await mustGetSource(ctx, tenantId, sourceId);
      const run = await mustGetRun(sourceId, runId);
      mustBeBlocked(run);
      const reasons = (run.hold_reasons ?? []) as HoldReason[];
      if (reasons.some((r) => !r.approvable)) throw new AppError('SYNC_RUN_NOT_APPROVABLE');

      if (Number(source.directory_version) === Number(run.base_directory_version)) {
        const cs = await loadPendingChangeSet(db, runId, sourceId);
        try {
          let decided: SyncRunRow | undefined;
          await applyChangeSet(db, cs, {
            expectedVersion: Number(run.base_directory_version),
            now: clock.now(),
            signals,
            within: async (trx) => {
              decided = await decide(trx, ctx, run, { status: 'succeeded' });
              await writeAudit(trx, clock, adminActor(ctx), {
                action: 'sync.run.approve',
                targetType: 'sync_run',
                targetId: run.id,
                tenantId: source.tenant_id,
                after: { source_id: sourceId, applied: true, counts: countChanges(cs) },
              });
            },
          });
          return { run: decided!, applied: true };
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'SYNC_DIRECTORY_CHANGED') throw err;
        }
      }

      // The directory moved on: a new run recomputes the change and is allowed what was approved.
      return queueing(sourceId, async (trx) => {
        const queued = await enqueueSync(trx, clock.now(), {
          sourceId,
          tenantId: source.tenant_id,
          trigger: 'approval',
          requestedBy: ctx.actor.adminId,
        });
        const nextRun = await trx
          .updateTable('sync_runs')
          .set({ approved_run_id: run.id })
          .where('id', '=', queued.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const decided = await decide(trx, ctx, run, {
          status: 'discarded',
          superseded_by: nextRun.id,
        });
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'sync.run.approve',
          targetType: 'sync_run',
          targetId: run.id,
          tenantId: source.tenant_id,
          after: { source_id: sourceId, applied: false, recomputed_by: nextRun.id },
        });
        return { run: decided, applied: false, nextRun };
      });
    },

    async discard(
      ctx: RequestContext,
      tenantId: string | undefined,
      sourceId: string,
      runId: string,
    ) {
      const source = await mustGetSource(ctx, tenantId, sourceId);
      const run = await mustGetRun(sourceId, runId);
      mustBeBlocked(run);
      return db.transaction().execute(async (trx) => {
        const decided = await decide(trx, ctx, run, { status: 'discarded' });
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'sync.run.discard',
          targetType: 'sync_run',
          targetId: run.id,
          tenantId: source.tenant_id,
          after: {
            source_id: sourceId,
            counts: run.counts,
            hold_reasons: ((run.hold_reasons ?? []) as HoldReason[]).map((h) => h.code),
          },
        });
        return decided;
      });
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
