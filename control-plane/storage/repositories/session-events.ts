// The session event log the push stream sends and resumes from. Writers lock the sessions'
// rows first (by revoking or selecting them for update in the same transaction), so the events
// of one session commit in the order of their sequence numbers and a stream that has sent
// event n never sees an event below n appear later.
import type { Kysely } from 'kysely';
import { json, type Database } from '../schema.ts';
import '../session-tables.ts';

export interface NewSessionEvent {
  sessionId: string;
  type: string;
  payload: Record<string, unknown>;
}

export interface SessionEventRow {
  seq: number;
  session_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

const CHUNK = 500;

export async function appendSessionEvents(
  trx: Kysely<Database>,
  events: NewSessionEvent[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    await trx
      .insertInto('session_events')
      .values(
        events.slice(i, i + CHUNK).map((e) => ({
          session_id: e.sessionId,
          type: e.type,
          payload: json(e.payload),
          created_at: now,
        })),
      )
      .execute();
  }
}

/** Events of these sessions after `afterSeq`, oldest first. */
export function eventsAfter(
  db: Kysely<Database>,
  sessionIds: string[],
  afterSeq: number,
  limit = 1000,
): Promise<SessionEventRow[]> {
  return db
    .selectFrom('session_events')
    .select(['seq', 'session_id', 'type', 'payload', 'created_at'])
    .where('session_id', 'in', sessionIds)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute() as Promise<SessionEventRow[]>;
}

export const pruneSessionEvents = (db: Kysely<Database>, before: Date) =>
  db.deleteFrom('session_events').where('created_at', '<', before).execute();
