// The synced directory and the machinery of sync: runs, the events inbox and job leases.
// Indexes are sized for a 100k-user / 5k-department org: prefix search on name and email,
// subtree look-ups by materialized path, members by department and departments by member.
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table directory_departments (
      id uuid primary key,
      source_id uuid not null references identity_sources (id) on delete cascade,
      open_department_id text not null,
      department_id text,
      name text not null,
      i18n_name jsonb not null default '{}',
      parent_open_department_id text not null,
      path text not null,
      leader_open_id text,
      sort_order bigint not null default 0,
      status text not null check (status in ('active', 'disabled', 'deleted')),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz,
      unique (source_id, open_department_id)
    )`,
    `create index directory_departments_parent on directory_departments (source_id, parent_open_department_id, sort_order)`,
    `create index directory_departments_path on directory_departments (source_id, path text_pattern_ops)`,
    `create index directory_departments_name on directory_departments (source_id, lower(name) text_pattern_ops)`,
    `create table directory_users (
      id uuid primary key,
      source_id uuid not null references identity_sources (id) on delete cascade,
      open_id text not null,
      union_id text not null,
      user_id text,
      username text,
      name text not null,
      en_name text,
      email text,
      mobile text,
      employee_no text,
      status text not null check (status in ('active', 'disabled', 'deleted')),
      feishu_status jsonb not null default '{}',
      profile jsonb not null default '{}',
      attributes jsonb not null default '{}',
      leader_open_id text,
      source_updated_at timestamptz,
      disabled_at timestamptz,
      deleted_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (source_id, open_id),
      unique (source_id, union_id)
    )`,
    `create index directory_users_user_id on directory_users (source_id, user_id)`,
    `create index directory_users_username on directory_users (source_id, username)`,
    `create index directory_users_name on directory_users (source_id, lower(name) text_pattern_ops)`,
    `create index directory_users_email on directory_users (source_id, lower(email) text_pattern_ops)`,
    `create index directory_users_status on directory_users (source_id, status)`,
    `create table directory_memberships (
      source_id uuid not null references identity_sources (id) on delete cascade,
      user_id uuid not null references directory_users (id) on delete cascade,
      open_department_id text not null,
      is_primary boolean not null default false,
      user_order bigint not null default 0,
      department_order bigint not null default 0,
      primary key (source_id, open_department_id, user_id)
    )`,
    `create index directory_memberships_user on directory_memberships (user_id)`,
    `create table sync_runs (
      id uuid primary key,
      source_id uuid not null references identity_sources (id) on delete cascade,
      tenant_id uuid not null,
      trigger text not null check (trigger in ('first', 'manual', 'schedule', 'event_reconcile', 'approval')),
      status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'blocked', 'discarded')),
      requested_by uuid,
      base_directory_version bigint,
      counts jsonb not null default '{}',
      api_calls integer not null default 0,
      started_at timestamptz,
      finished_at timestamptz,
      duration_ms integer,
      error jsonb,
      pending_changes jsonb,
      decided_by uuid,
      decided_at timestamptz,
      created_at timestamptz not null
    )`,
    `create index sync_runs_source on sync_runs (source_id, created_at desc)`,
    // At most one run in flight per source, whichever replica started it.
    `create unique index sync_runs_one_active on sync_runs (source_id) where status in ('queued', 'running')`,
    `create table events_inbox (
      id bigint generated always as identity primary key,
      source_id uuid not null references identity_sources (id) on delete cascade,
      event_id text not null,
      event_type text not null,
      payload jsonb not null,
      received_at timestamptz not null,
      processed_at timestamptz,
      attempts integer not null default 0,
      last_error text,
      unique (source_id, event_id)
    )`,
    `create index events_inbox_pending on events_inbox (id) where processed_at is null`,
    `create table job_leases (
      name text primary key,
      holder text not null,
      acquired_at timestamptz not null,
      expires_at timestamptz not null
    )`,
  ]);
}
