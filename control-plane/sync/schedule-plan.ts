// When a source's scheduled sync should next start: the schedule's own time (an interval from
// now, or the cron's next fire time in the tenant's time zone), plus a per-source jitter so a
// thousand sources set to "daily at 00:00" do not all hit Feishu and our database at 00:00:00.
//
// The jitter is at most 5% of the schedule's period and never more than 5 minutes, and it is
// derived from the source id and the nominal time (a hash, not a random draw): every replica
// plans the same time, and a test can predict it.
import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import type { SyncSchedule } from '../../shared/domain/identity-source.ts';
import { nextRunAt } from '../identity-sources/schedule.ts';
import type { SyncPlan } from '../storage/schema.ts';

export const MAX_JITTER_MS = 5 * 60_000;
export const JITTER_SHARE = 0.05;

/** Time between this fire time and the following one (for the jitter's bound). */
function periodMs(schedule: SyncSchedule, timeZone: string, nominal: Date): number {
  if (schedule.kind === 'interval') return schedule.interval_hours * 3_600_000;
  const following = new Cron(schedule.expression.trim(), {
    timezone: timeZone,
    paused: true,
    mode: '5-part',
  }).nextRun(nominal);
  return following ? following.getTime() - nominal.getTime() : 3_600_000;
}

export function jitterMs(sourceId: string, nominal: Date, period: number): number {
  const max = Math.min(MAX_JITTER_MS, Math.floor(period * JITTER_SHARE));
  const digest = createHash('sha256').update(`${sourceId}|${nominal.toISOString()}`).digest();
  return Math.floor((digest.readUInt32BE(0) / 0x1_0000_0000) * max);
}

export interface PlanInput {
  sourceId: string;
  schedule: SyncSchedule;
  timeZone: string;
  now: Date;
  /** For an interval: the nominal time already chosen (e.g. by the source settings). */
  nominalHint?: Date;
}

/** The next planned run, or undefined for a cron that never fires again. */
export function planNextRun(input: PlanInput): SyncPlan | undefined {
  const { schedule, timeZone, now } = input;
  const nominal =
    schedule.kind === 'interval' && input.nominalHint
      ? input.nominalHint
      : nextRunAt(schedule, timeZone, now);
  if (!nominal) return undefined;
  const at = new Date(
    nominal.getTime() + jitterMs(input.sourceId, nominal, periodMs(schedule, timeZone, nominal)),
  );
  return {
    schedule,
    time_zone: timeZone,
    nominal_at: nominal.toISOString(),
    at: at.toISOString(),
  };
}

const sameSchedule = (a: SyncSchedule, b: SyncSchedule): boolean =>
  a.kind === 'interval'
    ? b.kind === 'interval' && a.interval_hours === b.interval_hours
    : b.kind === 'cron' && a.expression.trim() === b.expression.trim();

/**
 * Does next_sync_at still follow from the source's settings? Not when the scheduler never
 * planned it, when someone else set it (the source settings do, on create, change or enable),
 * or when the schedule or the tenant's time zone changed since.
 */
export function planIsCurrent(
  plan: SyncPlan | null,
  nextSyncAt: Date | null,
  schedule: SyncSchedule,
  timeZone: string,
): boolean {
  if (!plan || !nextSyncAt) return false;
  return (
    new Date(plan.at).getTime() === nextSyncAt.getTime() &&
    plan.time_zone === timeZone &&
    sameSchedule(plan.schedule, schedule)
  );
}
