// Staging tables for a full sync that writes the users it fetches to the database instead of
// holding them in memory (ADR 0007, "Staging fetched users"). That design was built and measured
// (commits e99bd4e..f7411a8) and set aside: it cut peak RSS by ~15% but made an unchanged re-run
// twice as slow. The sync does not use these tables now; the migration stays because databases
// that applied it must keep finding it. UNLOGGED: nothing in them would outlive its run.
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
