// Indexes for the admin console at 100,000 users: keyset pages in a stable order and prefix
// search. Orders use the "C" collation, which every PostgreSQL and PGlite has, so the same
// btree serves both "order by name, id" and "lower(x) like 'prefix%'" whatever the database's
// default collation is (pg_trgm is not available on PGlite, so search is by prefix).
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // Users page by (lower(name), id); with a status filter, by (status, lower(name), id). The
    // first also answers a name prefix in page order.
    `create index directory_users_page on directory_users (source_id, (lower(name) collate "C"), id)`,
    `create index directory_users_status_page on directory_users (source_id, status, (lower(name) collate "C"), id)`,
    // Prefix search; the 0002 indexes use text_pattern_ops, these the C collation that also
    // sorts (name and email stay covered by 0002).
    `create index directory_users_en_name_prefix on directory_users (source_id, (lower(en_name) collate "C"))`,
    `create index directory_users_mobile_prefix on directory_users (source_id, (mobile collate "C"))`,
    `create index directory_users_user_id_lower on directory_users (source_id, (lower(user_id) collate "C"))`,
    // Client sessions page newest first by (created_at, id).
    `create index client_sessions_tenant_page on client_sessions (tenant_id, created_at desc, id desc)`,
    `create index client_sessions_user_page on client_sessions (user_id, created_at desc, id desc)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `drop index client_sessions_user_page`,
    `drop index client_sessions_tenant_page`,
    `drop index directory_users_user_id_lower`,
    `drop index directory_users_mobile_prefix`,
    `drop index directory_users_en_name_prefix`,
    `drop index directory_users_status_page`,
    `drop index directory_users_page`,
  ]);
}
