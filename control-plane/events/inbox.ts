// The events inbox: durable before we answer Feishu (inbox-writer.ts), deduplicated by (source,
// event_id), and worked off by claims that expire. A claim is taken with FOR UPDATE SKIP LOCKED and stamped
// with a holder and a deadline, so two replicas never work on one row and a row whose worker
// died (kill -9) is claimed again once its deadline passes.
import { sql, type Kysely } from 'kysely';
import { json, type Database, type EventInboxStatus } from '../storage/schema.ts';

export interface NewInboxEvent {
  sourceId: string;
  eventId: string;
  eventType: string;
  createdAt: Date | undefined;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

export interface ClaimedEvent {
  id: number;
  source_id: string;
  event_id: string;
  event_type: string;
  payload: unknown;
  event_created_at: Date | null;
  received_at: Date;
  attempts: number;
}

/**
 * Claims up to `limit` unprocessed events that are due and not held by a live claim, oldest
 * first. `attempts` counts claims, so a row that keeps killing its worker is seen.
 */
export async function claimEvents(
  db: Kysely<Database>,
  holder: string,
  now: Date,
  claimMs: number,
  limit: number,
): Promise<ClaimedEvent[]> {
  const until = new Date(now.getTime() + claimMs);
  const result = await sql<ClaimedEvent>`
    update events_inbox set locked_by = ${holder}, locked_until = ${until}, attempts = attempts + 1
    where id in (
      select id from events_inbox
      where processed_at is null
        and (locked_until is null or locked_until < ${now})
        and (next_attempt_at is null or next_attempt_at <= ${now})
      order by id
      limit ${limit}
      for update skip locked
    )
    returning id, source_id, event_id, event_type, payload, event_created_at, received_at, attempts`.execute(
    db,
  );
  return [...result.rows].sort((a, b) => a.id - b.id);
}

export type FinalStatus = Exclude<EventInboxStatus, 'pending'>;

/** Records the outcome; only the current claim holder may (a lapsed claim's late finish is dropped). */
export async function finishEvent(
  db: Kysely<Database>,
  id: number,
  holder: string,
  status: FinalStatus,
  now: Date,
  outcome: Record<string, unknown>,
  error?: string,
): Promise<boolean> {
  const r = await db
    .updateTable('events_inbox')
    .set({
      status,
      processed_at: now,
      outcome: json(outcome),
      last_error: error ?? null,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('locked_by', '=', holder)
    .where('processed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Gives the row back for a later attempt (a transient failure). */
export async function retryEventLater(
  db: Kysely<Database>,
  id: number,
  holder: string,
  at: Date,
  error: string,
): Promise<void> {
  await db
    .updateTable('events_inbox')
    .set({ next_attempt_at: at, last_error: error, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', holder)
    .execute();
}

/** Gives claimed rows back untouched, for whoever claims next. */
export async function releaseEvents(
  db: Kysely<Database>,
  ids: number[],
  holder: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('events_inbox')
    .set({ locked_by: null, locked_until: null })
    .where('id', 'in', ids)
    .where('locked_by', '=', holder)
    .execute();
}

export interface EventResult {
  id: number;
  status: FinalStatus;
  outcome: Record<string, unknown>;
}

/** finishEvent for many rows in one statement; resolves to how many were still this holder's. */
export async function finishEvents(
  db: Kysely<Database>,
  holder: string,
  now: Date,
  results: EventResult[],
): Promise<number> {
  if (results.length === 0) return 0;
  const values = sql.join(
    results.map((r) => sql`(${String(r.id)}, ${r.status}, ${json(r.outcome)})`),
  );
  const r = await sql`
    update events_inbox as e
    set status = v.status, outcome = v.outcome::jsonb, processed_at = ${now}, last_error = null,
        locked_by = null, locked_until = null
    from (values ${values}) as v (id, status, outcome)
    where e.id = v.id::bigint and e.locked_by = ${holder} and e.processed_at is null`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
