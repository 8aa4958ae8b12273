// Full sync and deletion protection: content hashes so an unchanged user costs no write, why a
// user is disabled (and since when, for the grace period before deletion), a run's phase and
// heartbeat (a replica that dies mid-run is recognised), the scope a run used (a narrowed scope
// is held), and the pending changes of a held run, one row each so they page and never sit in
// one huge JSON document.
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table directory_users
      add column content_hash text,
      add column access_hash text,
      add column disabled_reason text
        check (disabled_reason in ('frozen', 'resigned', 'left_scope', 'deleted'))`,
    `alter table directory_departments add column content_hash text`,
    `alter table sync_runs
      add column phase text,
      add column runner_id text,
      add column heartbeat_at timestamptz,
      add column scope jsonb,
      add column hold_reasons jsonb,
      add column approved_run_id uuid,
      add column superseded_by uuid`,
    `create index sync_runs_active on sync_runs (status, heartbeat_at) where status in ('queued', 'running')`,
    `create table sync_pending_changes (
      run_id uuid not null references sync_runs (id) on delete cascade,
      seq integer not null,
      entity text not null check (entity in ('user', 'department')),
      action text not null check (action in ('create', 'update', 'disable', 'delete')),
      target_id uuid,
      open_id text not null,
      name text not null,
      reason text,
      payload jsonb not null,
      primary key (run_id, seq)
    )`,
    `create index sync_pending_changes_action on sync_pending_changes (run_id, entity, action, seq)`,
  ]);
}
