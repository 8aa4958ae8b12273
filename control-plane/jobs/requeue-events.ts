// After a full sync succeeded: events created after the sync started but processed before it
// applied may have been overwritten by the sync's older reading of Feishu (it fetched the object
// before the event's change). Those events are put back in the inbox; the watermark rule then
// re-applies each one that is still the newest about its object. Re-applying what the sync
// already has is an empty change.
import { sql, type Kysely } from 'kysely';
import { CONTACT_EVENT_TYPES as T } from '../events/contact-event-schemas.ts';
import type { Database } from '../storage/schema.ts';

const DIRECTORY_TYPES = [
  T.userCreated,
  T.userUpdated,
  T.userDeleted,
  T.departmentCreated,
  T.departmentUpdated,
  T.departmentDeleted,
];

/** Puts back the events the run may have overwritten; resolves to how many. */
export async function requeueEventsAfterSync(db: Kysely<Database>, runId: string): Promise<number> {
  const run = await db
    .selectFrom('sync_runs')
    .select(['source_id', 'started_at', 'finished_at', 'status'])
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!run || run.status !== 'succeeded' || !run.started_at) return 0;
  const r = await db
    .updateTable('events_inbox')
    .set({
      status: 'pending',
      processed_at: null,
      next_attempt_at: null,
      locked_by: null,
      locked_until: null,
      attempts: 0,
    })
    .where('source_id', '=', run.source_id)
    .where('status', 'in', ['applied', 'stale'])
    .where('event_type', 'in', DIRECTORY_TYPES)
    .where('event_created_at', '>=', run.started_at)
    .where(sql<boolean>`processed_at <= ${run.finished_at ?? new Date()}`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
