// The sync queue: a queued sync_runs row is a job. "Sync now", the schedule and an event
// reconcile all enqueue here, so they share one rule: at most one run queued or running per
// source (a partial unique index, whichever replica asks), and whoever asks second is told so.
// Workers claim the oldest queued run with FOR UPDATE SKIP LOCKED, so one replica runs it.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { uniqueViolation } from '../storage/db-errors.ts';
import { json, type Database, type SyncRunRow, type SyncTrigger } from '../storage/schema.ts';

export interface EnqueueRequest {
  sourceId: string;
  tenantId: string;
  trigger: SyncTrigger;
  requestedBy?: string | null;
}

export interface ActiveRun {
  id: string;
  status: 'queued' | 'running';
  trigger: SyncTrigger;
}

const ACTIVE_INDEX = 'sync_runs_one_active';

/** Creates a queued run; throws SYNC_ALREADY_RUNNING (details: the active run) if one exists. */
export async function enqueueSync(
  db: Kysely<Database>,
  now: Date,
  request: EnqueueRequest,
): Promise<SyncRunRow> {
  try {
    return await db
      .insertInto('sync_runs')
      .values({
        id: randomUUID(),
        source_id: request.sourceId,
        tenant_id: request.tenantId,
        trigger: request.trigger,
        status: 'queued',
        requested_by: request.requestedBy ?? null,
        counts: json({}),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (uniqueViolation(err) !== ACTIVE_INDEX) throw err;
    const active = await activeRun(db, request.sourceId);
    throw new AppError('SYNC_ALREADY_RUNNING', { cause: err, details: { run: active ?? null } });
  }
}

export async function activeRun(
  db: Kysely<Database>,
  sourceId: string,
): Promise<ActiveRun | undefined> {
  const row = await db
    .selectFrom('sync_runs')
    .select(['id', 'status', 'trigger'])
    .where('source_id', '=', sourceId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return row as ActiveRun | undefined;
}

/** Takes the oldest queued run for `runnerId` (status running, first heartbeat), if any. */
export async function claimQueuedRun(
  db: Kysely<Database>,
  runnerId: string,
  now: Date,
): Promise<SyncRunRow | undefined> {
  const result = await sql<SyncRunRow>`
    update sync_runs
    set status = 'running', runner_id = ${runnerId}, heartbeat_at = ${now}, started_at = ${now}
    where id = (
      select id from sync_runs where status = 'queued'
      order by created_at, id
      limit 1
      for update skip locked
    )
    returning *`.execute(db);
  return result.rows[0];
}

/** The worker's pulse for a run it holds; false if the run is no longer its own and running. */
export async function heartbeat(
  db: Kysely<Database>,
  runId: string,
  runnerId: string,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('sync_runs')
    .set({ heartbeat_at: now })
    .where('id', '=', runId)
    .where('runner_id', '=', runnerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Runs whose runner stopped beating (its process died) end as failed with SYNC_INTERRUPTED,
 * which frees the source for the next run. Nothing of theirs was applied: a run applies in one
 * transaction at its very end.
 */
export async function failInterruptedRuns(
  db: Kysely<Database>,
  now: Date,
  staleMs: number,
): Promise<{ id: string; source_id: string }[]> {
  const before = new Date(now.getTime() - staleMs);
  return db
    .updateTable('sync_runs')
    .set({
      status: 'failed',
      finished_at: now,
      error: json({ code: 'SYNC_INTERRUPTED', message: 'the runner stopped before the run ended' }),
    })
    .where('status', '=', 'running')
    .where(sql<Date>`coalesce(heartbeat_at, started_at, created_at)`, '<', before)
    .returning(['id', 'source_id'])
    .execute();
}
