// The brake on deletions that arrive as events: removals applied through events within a sliding
// window (10 minutes by default) are added up per source and weighed against the source's
// deletion thresholds, as a sync run's removals are. An event that would cross them is held
// instead of applied, and so is every later removing event while that hold is open.
import { sql, type Kysely } from 'kysely';
import type { DeletionThresholds } from '../../shared/domain/identity-source.ts';
import type { RemovalCounts } from '../directory/change-set.ts';
import { checkDeletionThresholds, type ThresholdBreach } from '../directory/deletion-protection.ts';
import type { Database } from '../storage/schema.ts';

export const DEFAULT_BURST_WINDOW_MS = 10 * 60_000;

/** Removals applied through this source's events since `since` (from each event's outcome). */
export async function recentEventRemovals(
  db: Kysely<Database>,
  sourceId: string,
  since: Date,
): Promise<RemovalCounts> {
  const row = await db
    .selectFrom('events_inbox')
    .select([
      sql<number>`coalesce(sum((outcome->'removals'->>'users')::int), 0)`.as('users'),
      sql<number>`coalesce(sum((outcome->'removals'->>'departments')::int), 0)`.as('departments'),
    ])
    .where('source_id', '=', sourceId)
    .where('status', '=', 'applied')
    .where('processed_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { users: Number(row.users), departments: Number(row.departments) };
}

export interface BurstInput {
  /** Removals already applied through events in the window. */
  recent: RemovalCounts;
  /** Removals of the event at hand. */
  removals: RemovalCounts;
  /** Active users and departments now (after the recent removals). */
  activeNow: { users: number; departments: number };
  thresholds: DeletionThresholds;
}

/** Thresholds the window would cross with this event; a percentage counts from before the window. */
export function burstBreaches(input: BurstInput): ThresholdBreach[] {
  const { recent, removals, activeNow } = input;
  return checkDeletionThresholds({
    removals: {
      users: recent.users + removals.users,
      departments: recent.departments + removals.departments,
    },
    activeBefore: {
      users: activeNow.users + recent.users,
      departments: activeNow.departments + recent.departments,
    },
    thresholds: input.thresholds,
    firstSync: false,
  });
}
