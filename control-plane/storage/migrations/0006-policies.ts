// Access policies (issue 6): a tenant's applications and policies as the admin API writes them
// (the model's nested parts as jsonb, parsed by the shared schemas on every read), a per-tenant
// revision every change bumps (the compile cache's key, shared by replicas), and the keys
// access gateways present to the decision endpoints (SHA-256 digests only).
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table policy_applications (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id text not null,
      name text not null,
      icon text,
      description text not null default '',
      enabled boolean not null default true,
      addresses jsonb not null default '[]',
      portal_url text,
      tags jsonb not null default '[]',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (tenant_id, id)
    )`,
    `create index policy_applications_name on policy_applications (tenant_id, lower(name))`,
    `create table access_policies (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id text not null,
      name text not null,
      description text not null default '',
      enabled boolean not null default true,
      priority integer not null,
      action text not null check (action in ('allow', 'deny')),
      subjects jsonb not null,
      resources jsonb not null,
      conditions jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (tenant_id, id)
    )`,
    `create index access_policies_priority on access_policies (tenant_id, priority, id)`,
    `create table policy_revisions (
      tenant_id uuid primary key references tenants (id) on delete cascade,
      revision bigint not null,
      updated_at timestamptz not null
    )`,
    `create table gateway_keys (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      name text not null,
      key_hash text not null unique,
      key_prefix text not null,
      created_by uuid,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,
    `create index gateway_keys_tenant on gateway_keys (tenant_id, created_at)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `drop table gateway_keys`,
    `drop table policy_revisions`,
    `drop table access_policies`,
    `drop table policy_applications`,
  ]);
}
