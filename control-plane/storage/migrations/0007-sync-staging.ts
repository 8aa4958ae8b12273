// Staging tables of the full sync (ADR 0007): each run writes the users it fetches here, page by
// page, instead of holding 100k records in memory; the differ reads back only keys and hashes,
// and the apply transaction copies the rows that changed from here into the directory. UNLOGGED:
// nothing in them outlives its run (a crash of PostgreSQL empties them, which loses nothing: the
// run was interrupted anyway), so they skip the WAL. Rows of a run are deleted when it ends; rows
// of a run killed mid-way are deleted by the next run.
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create unlogged table sync_staged_users (
      run_id uuid not null,
      open_id text not null,
      union_id text not null,
      user_id text,
      username text,
      name text not null,
      en_name text,
      email text,
      mobile text,
      employee_no text,
      status text not null,
      disabled_reason text,
      feishu_status jsonb not null,
      profile jsonb not null,
      attributes jsonb not null,
      leader_open_id text,
      source_updated_at timestamptz,
      content_hash text not null,
      access_hash text not null,
      -- The Feishu field the source's matching rule compares, as text (null: none).
      match_value text,
      primary key (run_id, open_id)
    )`,
    `create unlogged table sync_staged_memberships (
      run_id uuid not null,
      open_id text not null,
      open_department_id text not null,
      is_primary boolean not null,
      user_order bigint not null,
      department_order bigint not null,
      primary key (run_id, open_id, open_department_id)
    )`,
  ]);
}
