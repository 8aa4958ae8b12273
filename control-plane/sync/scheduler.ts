// Starts scheduled syncs. Each tick (every replica ticks) does two things:
// 1. Fires due sources: next_sync_at <= now. The source's next time is planned and written with a
//    compare-and-set on the old next_sync_at, in the same transaction as the queued run: of two
//    replicas ticking at once exactly one wins, and a crash between the two loses neither.
//    A run still queued or running means this occurrence is skipped (no overlap); a source that
//    has not passed its connectivity test with its current credentials, or whose tenant is
//    suspended, is skipped too. Either
//    way the next time is planned. A process that was down at the due time fires once when it is
//    back (one catch-up run, not one per missed occurrence).
// 2. Re-plans sources whose next_sync_at no longer follows from their settings (never planned by
//    the scheduler, set by a settings change, the schedule or the tenant's time zone changed).
// next_sync_at lives in the database, so the schedule survives restarts.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import { activeRun, enqueueSync } from '../jobs/sync-queue.ts';
import type { Logger } from '../observability/logger.ts';
import { json, type Database, type SyncPlan } from '../storage/schema.ts';
import type { SyncSchedule } from '../../shared/domain/identity-source.ts';
import { planIsCurrent, planNextRun } from './schedule-plan.ts';

export type ScheduleOutcome = 'queued' | 'skipped_overlap' | 'skipped_not_ready' | 'lost_race';

export interface SchedulerOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** Called after a run was queued (wakes the sync worker in this process). */
  onQueued?: (runId: string) => void;
  onOutcome?: (outcome: ScheduleOutcome) => void;
  batchSize?: number;
}

interface ScheduledSource {
  id: string;
  tenant_id: string;
  schedule: SyncSchedule;
  next_sync_at: Date | null;
  sync_plan: SyncPlan | null;
  connectivity_status: string;
  credentials_version: number;
  checked_credentials_version: number | null;
  time_zone: string;
  tenant_status: string;
}

export function createScheduler(options: SchedulerOptions) {
  const { db, clock, logger } = options;
  const batchSize = options.batchSize ?? 100;

  const scheduled = () =>
    db
      .selectFrom('identity_sources as s')
      .innerJoin('tenants as t', 't.id', 's.tenant_id')
      .select([
        's.id',
        's.tenant_id',
        's.schedule',
        's.next_sync_at',
        's.sync_plan',
        's.connectivity_status',
        's.credentials_version',
        sql<number | null>`(s.connectivity_report->>'checked_credentials_version')::int`.as(
          'checked_credentials_version',
        ),
        't.time_zone',
        't.status as tenant_status',
      ])
      .where('s.status', '=', 'enabled')
      .where('s.auto_sync', '=', true);

  /** Writes a new plan if next_sync_at is still what we read; false if someone else changed it. */
  async function writePlan(
    trx: Kysely<Database>,
    source: ScheduledSource,
    plan: SyncPlan | undefined,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('identity_sources')
      .set({
        next_sync_at: plan ? new Date(plan.at) : null,
        sync_plan: plan ? json(plan) : null,
      })
      .where('id', '=', source.id)
      .where(sql<boolean>`next_sync_at is not distinct from ${source.next_sync_at}`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async function fire(
    source: ScheduledSource,
    now: Date,
  ): Promise<{ outcome: ScheduleOutcome; runId?: string }> {
    const plan = planNextRun({
      sourceId: source.id,
      schedule: source.schedule,
      timeZone: source.time_zone,
      now,
    });
    return db.transaction().execute(async (trx) => {
      if (!(await writePlan(trx, source, plan))) return { outcome: 'lost_race' };
      // The same rule the runner enforces: a test passed with the credentials the source has now.
      const ready =
        source.connectivity_status === 'passed' &&
        source.checked_credentials_version === source.credentials_version;
      if (!ready || source.tenant_status !== 'active') return { outcome: 'skipped_not_ready' };
      if (await activeRun(trx, source.id)) return { outcome: 'skipped_overlap' };
      const run = await enqueueSync(trx, now, {
        sourceId: source.id,
        tenantId: source.tenant_id,
        trigger: 'schedule',
      });
      return { outcome: 'queued', runId: run.id };
    });
  }

  async function fireDue(now: Date): Promise<number> {
    const due = (await scheduled()
      .where('s.next_sync_at', '<=', now)
      .orderBy('s.next_sync_at')
      .limit(batchSize)
      .execute()) as ScheduledSource[];
    for (const source of due) {
      let fired: { outcome: ScheduleOutcome; runId?: string };
      try {
        fired = await fire(source, now);
      } catch (err) {
        // A "sync now" that slipped in between the check and the insert: next tick skips it.
        logger.warn(
          { sourceId: source.id, err: (err as Error).message },
          'scheduled sync not started',
        );
        continue;
      }
      options.onOutcome?.(fired.outcome);
      if (fired.outcome !== 'lost_race')
        logger.info(
          { sourceId: source.id, outcome: fired.outcome, dueAt: source.next_sync_at },
          'scheduled sync',
        );
      if (fired.runId) options.onQueued?.(fired.runId);
    }
    return due.length;
  }

  async function replan(now: Date): Promise<number> {
    const sources = (await scheduled().execute()) as ScheduledSource[];
    let changed = 0;
    for (const source of sources) {
      if (planIsCurrent(source.sync_plan, source.next_sync_at, source.schedule, source.time_zone))
        continue;
      if (source.next_sync_at && source.next_sync_at <= now) continue; // due: fireDue plans it
      // An interval keeps the time it was given (counted from its last run); the jitter is added.
      const hint =
        source.sync_plan &&
        source.next_sync_at &&
        new Date(source.sync_plan.at).getTime() === source.next_sync_at.getTime()
          ? new Date(source.sync_plan.nominal_at)
          : (source.next_sync_at ?? undefined);
      const plan = planNextRun({
        sourceId: source.id,
        schedule: source.schedule,
        timeZone: source.time_zone,
        now,
        nominalHint: hint,
      });
      if (await writePlan(db, source, plan)) changed++;
    }
    return changed;
  }

  return {
    /** One tick: fire what is due, then re-plan what is stale; true if anything was due. */
    async runOnce(): Promise<boolean> {
      const now = clock.now();
      const fired = await fireDue(now);
      await replan(now);
      return fired >= batchSize;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
