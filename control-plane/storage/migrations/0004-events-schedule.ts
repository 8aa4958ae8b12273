// Event processing: the inbox row's life (pending, then applied / ignored / stale / held /
// failed), a claim that expires (a replica that dies mid-event loses nothing: the claim lapses
// and another takes the row), retry back-off, and per-object event watermarks so an event that
// arrives after a newer one about the same user or department is recognised as stale. And the
// scheduler's plan: what a source's next_sync_at was computed from (schedule, time zone, the
// unjittered time), so a schedule or time-zone change is noticed and the time re-planned.
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table events_inbox
      add column status text not null default 'pending'
        check (status in ('pending', 'applied', 'ignored', 'stale', 'held', 'failed')),
      add column event_created_at timestamptz,
      add column outcome jsonb,
      add column locked_by text,
      add column locked_until timestamptz,
      add column next_attempt_at timestamptz`,
    // Deletions applied through events in the recent window, per source (the burst brake).
    `create index events_inbox_processed on events_inbox (source_id, processed_at) where status = 'applied'`,
    `create table directory_event_marks (
      source_id uuid not null references identity_sources (id) on delete cascade,
      object_kind text not null check (object_kind in ('user', 'department')),
      open_id text not null,
      event_at timestamptz not null,
      event_id text not null,
      primary key (source_id, object_kind, open_id)
    )`,
    `alter table identity_sources add column sync_plan jsonb`,
  ]);
}
