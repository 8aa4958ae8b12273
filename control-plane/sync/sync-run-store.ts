// Writes of a run row by the runner that holds it: its phase as it goes, and its outcome with
// the audit entry of that outcome. Every write is guarded by "still running and still mine", so
// a runner that lost its run (declared interrupted by another replica) changes nothing.
import type { Kysely } from 'kysely';
import type { ChangeCounts } from '../directory/change-set.ts';
import { systemActor, writeAudit } from '../audit/audit-writer.ts';
import type { Clock } from '../clock.ts';
import { json, type Database, type SyncRunStatus, type SyncTrigger } from '../storage/schema.ts';
import type { HoldReason } from './sync-holds.ts';

export interface RunIdentity {
  runId: string;
  runnerId: string;
  sourceId: string;
  tenantId: string;
}

export async function setRunPhase(
  db: Kysely<Database>,
  run: RunIdentity,
  patch: {
    phase: 'fetching' | 'applying';
    trigger?: SyncTrigger;
    scope?: unknown;
    startedAt?: Date;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('sync_runs')
    .set({
      phase: patch.phase,
      ...(patch.trigger ? { trigger: patch.trigger } : {}),
      ...(patch.scope !== undefined ? { scope: json(patch.scope) } : {}),
      ...(patch.startedAt ? { started_at: patch.startedAt } : {}),
    })
    .where('id', '=', run.runId)
    .where('status', '=', 'running')
    .where('runner_id', '=', run.runnerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface RunOutcome {
  status: Extract<SyncRunStatus, 'succeeded' | 'failed' | 'blocked'>;
  trigger: SyncTrigger;
  /** Changes by kind, and `api`: Open Platform requests by endpoint. */
  counts?: ChangeCounts & { api?: Record<string, number> };
  apiCalls: number;
  startedAt: Date;
  baseVersion?: number;
  error?: { code: string; message: string; details?: unknown };
  holdReasons?: HoldReason[];
  /** Pending changes stored for a held run. */
  pending?: number;
}

/** Ends the run (in the caller's transaction when given) and audits the outcome. */
export async function finishRun(
  db: Kysely<Database>,
  clock: Clock,
  run: RunIdentity,
  outcome: RunOutcome,
): Promise<boolean> {
  const now = clock.now();
  const durationMs = Math.max(0, now.getTime() - outcome.startedAt.getTime());
  const r = await db
    .updateTable('sync_runs')
    .set({
      status: outcome.status,
      phase: null,
      counts: json(outcome.counts ?? {}),
      api_calls: outcome.apiCalls,
      finished_at: now,
      duration_ms: durationMs,
      error: outcome.error ? json(outcome.error) : null,
      hold_reasons: outcome.holdReasons ? json(outcome.holdReasons) : null,
      ...(outcome.baseVersion !== undefined ? { base_directory_version: outcome.baseVersion } : {}),
    })
    .where('id', '=', run.runId)
    .where('status', '=', 'running')
    .where('runner_id', '=', run.runnerId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  if (outcome.status !== 'failed') {
    // Older held runs of the source are stale now: this run saw a newer Feishu.
    await db
      .updateTable('sync_runs')
      .set({ status: 'discarded', superseded_by: run.runId, decided_at: now })
      .where('source_id', '=', run.sourceId)
      .where('status', '=', 'blocked')
      .where('id', '!=', run.runId)
      .execute();
  }
  await writeAudit(db, clock, systemActor('sync'), {
    action: `sync.run.${outcome.status}`,
    targetType: 'sync_run',
    targetId: run.runId,
    tenantId: run.tenantId,
    after: {
      source_id: run.sourceId,
      trigger: outcome.trigger,
      status: outcome.status,
      counts: outcome.counts ?? {},
      api_calls: outcome.apiCalls,
      duration_ms: durationMs,
      ...(outcome.error ? { error: outcome.error.code } : {}),
      ...(outcome.holdReasons ? { hold_reasons: outcome.holdReasons.map((h) => h.code) } : {}),
      ...(outcome.pending !== undefined ? { pending_changes: outcome.pending } : {}),
    },
  });
  return true;
}
