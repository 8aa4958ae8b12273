// Sync schedules: an interval of 1-24 hours, or a five-field cron expression read in the
// tenant's time zone (croner parses it). A cron that would fire more than once an hour is
// refused: a full sync of a large org against Feishu's rate limits takes minutes.
import { Cron } from 'croner';
import type { SyncSchedule } from '../../shared/domain/identity-source.ts';

const MIN_GAP_MS = 60 * 60_000;

const cronOf = (expression: string, timeZone: string) =>
  new Cron(expression, { timezone: timeZone, paused: true, mode: '5-part' });

/** Why the schedule cannot be used, or undefined when it can. */
export function scheduleProblem(
  schedule: SyncSchedule,
  timeZone: string,
  from: Date,
): string | undefined {
  if (schedule.kind === 'interval') {
    const h = schedule.interval_hours;
    return Number.isInteger(h) && h >= 1 && h <= 24
      ? undefined
      : 'interval_hours must be a whole number from 1 to 24';
  }
  const expression = schedule.expression.trim();
  if (expression.split(/\s+/).length !== 5)
    return 'the cron expression must have five fields (minute hour day month weekday)';
  let runs: Date[];
  try {
    runs = cronOf(expression, timeZone).nextRuns(48, from);
  } catch (err) {
    return `the cron expression cannot be parsed (${(err as Error).message})`;
  }
  if (runs.length === 0) return 'the cron expression never fires';
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_GAP_MS)
      return 'the cron expression fires more than once an hour';
  }
  return undefined;
}

/** When a schedule next fires after `after` (for the scheduler; interval runs count from the last run). */
export function nextRunAt(
  schedule: SyncSchedule,
  timeZone: string,
  after: Date,
  lastRun?: Date,
): Date | undefined {
  if (schedule.kind === 'interval') {
    const base = lastRun ?? after;
    return new Date(
      Math.max(after.getTime(), base.getTime() + schedule.interval_hours * 3_600_000),
    );
  }
  return cronOf(schedule.expression.trim(), timeZone).nextRun(after) ?? undefined;
}
