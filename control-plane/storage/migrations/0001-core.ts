// Tenants, admins and their sessions, the audit log and identity sources.
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table deployment_settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null
    )`,
    `create table tenants (
      id uuid primary key,
      name text not null,
      status text not null check (status in ('active', 'suspended')),
      time_zone text not null,
      verification_id text not null unique,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    `create unique index tenants_name_key on tenants (lower(name))`,
    `create table admins (
      id uuid primary key,
      email text not null unique,
      name text not null,
      role text not null check (role in ('platform_admin', 'tenant_admin')),
      tenant_id uuid references tenants (id) on delete cascade,
      status text not null check (status in ('active', 'disabled')),
      password_hash text not null,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      password_changed_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((role = 'platform_admin') = (tenant_id is null))
    )`,
    `create index admins_tenant on admins (tenant_id)`,
    `create table admin_sessions (
      id_hash text primary key,
      admin_id uuid not null references admins (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_seen_at timestamptz not null,
      ip text,
      user_agent text
    )`,
    `create index admin_sessions_admin on admin_sessions (admin_id)`,
    `create index admin_sessions_expiry on admin_sessions (expires_at)`,
    // No foreign keys: the audit trail outlives the tenants, admins and sources it mentions.
    `create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      tenant_id uuid,
      actor_type text not null check (actor_type in ('admin', 'system', 'anonymous')),
      actor_id uuid,
      actor_label text,
      action text not null,
      target_type text not null,
      target_id text,
      before jsonb,
      after jsonb,
      request_id text,
      ip text
    )`,
    `create index audit_log_tenant on audit_log (tenant_id, id desc)`,
    `create index audit_log_actor on audit_log (actor_id, id desc)`,
    `create index audit_log_target on audit_log (target_type, target_id, id desc)`,
    `create index audit_log_action on audit_log (action, id desc)`,
    `create table identity_sources (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      brand text not null check (brand in ('feishu', 'lark')),
      name text not null,
      description text not null,
      status text not null check (status in ('enabled', 'closed')),
      app_id text not null,
      app_secret_enc text not null,
      encrypt_key_enc text,
      verification_token_enc text,
      credentials_version integer not null default 1,
      auto_sync boolean not null,
      sync_user_info boolean not null,
      schedule jsonb not null,
      scope jsonb not null,
      field_mapping jsonb not null,
      deletion_thresholds jsonb not null,
      qr_login boolean not null,
      connectivity_status text not null check (connectivity_status in ('untested', 'passed', 'failed')),
      connectivity_checked_at timestamptz,
      connectivity_report jsonb,
      directory_version bigint not null default 0,
      next_sync_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (auto_sync or not sync_user_info)
    )`,
    `create unique index identity_sources_name on identity_sources (tenant_id, lower(name))`,
    `create unique index identity_sources_app on identity_sources (tenant_id, app_id)`,
    `create index identity_sources_due on identity_sources (next_sync_at) where status = 'enabled' and auto_sync`,
  ]);
}
