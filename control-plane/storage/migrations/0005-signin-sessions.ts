// Employee sign-in and client sessions: login transactions and the single-use states sent to
// Feishu, client sessions with rotating refresh tokens, the session event log the push stream
// resumes from, the JWT signing keys (private halves encrypted under the master key), per-user
// entitlement versions, and the Feishu tenant_key a source's app belongs to.
//
// Sessions keep user_id without a foreign key: a sync that deletes a directory user must not
// silently delete the sessions the revocation has to find and announce.
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table identity_sources add column feishu_tenant_key text`,
    `create table login_transactions (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      source_id uuid not null references identity_sources (id) on delete cascade,
      redirect_uri text not null,
      code_challenge text not null,
      client_state text not null,
      device_id text not null,
      device_name text not null,
      device_os text not null,
      app_version text not null,
      ip text,
      user_agent text,
      status text not null check (status in ('pending', 'completed', 'failed', 'redeemed')),
      states_issued integer not null default 0,
      user_id uuid,
      handoff_hash text unique,
      handoff_expires_at timestamptz,
      error_code text,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      finished_at timestamptz
    )`,
    `create index login_transactions_expiry on login_transactions (expires_at)`,
    `create table login_states (
      state_hash text primary key,
      transaction_id uuid not null references login_transactions (id) on delete cascade,
      flow text not null check (flow in ('browser', 'qr')),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`,
    `create index login_states_transaction on login_states (transaction_id)`,
    `create table client_sessions (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      source_id uuid not null references identity_sources (id) on delete cascade,
      user_id uuid not null,
      device_id text not null,
      device_name text not null,
      device_os text not null,
      app_version text not null,
      ip text,
      user_agent text,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text,
      revoked_by text
    )`,
    `create index client_sessions_tenant on client_sessions (tenant_id, created_at desc)`,
    `create index client_sessions_user on client_sessions (user_id, created_at desc)`,
    `create index client_sessions_live_source on client_sessions (source_id) where revoked_at is null`,
    `create index client_sessions_expiry on client_sessions (expires_at)`,
    `create table refresh_tokens (
      token_hash text primary key,
      session_id uuid not null references client_sessions (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      rotated_at timestamptz,
      rotated_device_id text,
      child_hash text,
      issued_claims jsonb not null,
      issued_kid text not null
    )`,
    `create index refresh_tokens_session on refresh_tokens (session_id)`,
    `create index refresh_tokens_expiry on refresh_tokens (expires_at)`,
    `create table session_events (
      seq bigint generated always as identity primary key,
      session_id uuid not null,
      type text not null,
      payload jsonb not null,
      created_at timestamptz not null
    )`,
    `create index session_events_session on session_events (session_id, seq)`,
    `create index session_events_created on session_events (created_at)`,
    `create table signing_keys (
      kid text primary key,
      alg text not null,
      public_jwk jsonb not null,
      private_key_enc text not null,
      status text not null check (status in ('active', 'retired')),
      created_at timestamptz not null,
      retired_at timestamptz,
      publish_until timestamptz
    )`,
    `create unique index signing_keys_one_active on signing_keys (status) where status = 'active'`,
    `create table user_entitlements (
      user_id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      version bigint not null default 0,
      updated_at timestamptz not null
    )`,
  ]);
}
