// Per-object event watermarks: the creation time of the newest event applied about a user or a
// department. The out-of-order rule: an event older than the object's watermark is stale and not
// applied (Feishu pushes concurrently, so "updated" can overtake "created", or an old rename can
// arrive after a newer one). The watermark moves inside the transaction that applies the event,
// after the source's directory row lock, so two replicas cannot both think they are newest.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export type MarkKind = 'user' | 'department';

export async function readMark(
  db: Kysely<Database>,
  sourceId: string,
  kind: MarkKind,
  openId: string,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom('directory_event_marks')
    .select('event_at')
    .where('source_id', '=', sourceId)
    .where('object_kind', '=', kind)
    .where('open_id', '=', openId)
    .executeTakeFirst();
  return row?.event_at;
}

/** Moves the watermark to `eventAt`; false if a newer event about the object was applied. */
export async function advanceMark(
  db: Kysely<Database>,
  sourceId: string,
  kind: MarkKind,
  openId: string,
  eventAt: Date,
  eventId: string,
): Promise<boolean> {
  const result = await sql<{ open_id: string }>`
    insert into directory_event_marks (source_id, object_kind, open_id, event_at, event_id)
    values (${sourceId}, ${kind}, ${openId}, ${eventAt}, ${eventId})
    on conflict (source_id, object_kind, open_id) do update
      set event_at = excluded.event_at, event_id = excluded.event_id
      where directory_event_marks.event_at <= excluded.event_at
    returning open_id`.execute(db);
  return result.rows.length === 1;
}

/** Watermarks of many objects at once, keyed "kind|open_id". */
export async function readMarks(
  db: Kysely<Database>,
  sourceId: string,
  objects: { kind: MarkKind; openId: string }[],
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (objects.length === 0) return out;
  const rows = await db
    .selectFrom('directory_event_marks')
    .select(['object_kind', 'open_id', 'event_at'])
    .where('source_id', '=', sourceId)
    .where('open_id', 'in', [...new Set(objects.map((o) => o.openId))])
    .execute();
  for (const r of rows) out.set(`${r.object_kind}|${r.open_id}`, r.event_at);
  return out;
}

/** advanceMark for many distinct objects in one statement; resolves to how many moved. */
export async function advanceMarks(
  db: Kysely<Database>,
  sourceId: string,
  marks: { kind: MarkKind; openId: string; at: Date; eventId: string }[],
): Promise<number> {
  if (marks.length === 0) return 0;
  const values = sql.join(
    marks.map(
      (m) => sql`(${sourceId}::uuid, ${m.kind}, ${m.openId}, ${m.at}::timestamptz, ${m.eventId})`,
    ),
  );
  const result = await sql<{ open_id: string }>`
    insert into directory_event_marks (source_id, object_kind, open_id, event_at, event_id)
    values ${values}
    on conflict (source_id, object_kind, open_id) do update
      set event_at = excluded.event_at, event_id = excluded.event_id
      where directory_event_marks.event_at <= excluded.event_at
    returning open_id`.execute(db);
  return result.rows.length;
}
