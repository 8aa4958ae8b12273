// Number 0007 belonged to staging tables for a full sync that wrote fetched users to the
// database instead of holding them in memory (ADR 0007, "Staging fetched users"). That design
// was built, measured and set aside before any release (an unchanged re-run became 2-3x slower),
// so the migration creates nothing now: a new database gets no unused tables, and the number
// stays taken so that the order of the migrations after it never changes.
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(_db: Kysely<unknown>): Promise<void> {}

/** Drops the tables in case a development database applied the experiment's version. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table if exists sync_staged_memberships',
    'drop table if exists sync_staged_users',
  ]);
}
