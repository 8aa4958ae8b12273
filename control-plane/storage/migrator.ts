// Forward-only migrations, listed here in order. The same Postgres DDL serves PGlite and
// PostgreSQL; Kysely's Migrator takes an advisory lock, so replicas starting together apply
// each migration once.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-core.ts';
import * as m0002 from './migrations/0002-directory.ts';
import * as m0003 from './migrations/0003-sync.ts';
import * as m0004 from './migrations/0004-events-schedule.ts';
import * as m0005 from './migrations/0005-signin-sessions.ts';
import * as m0006 from './migrations/0006-policies.ts';
import * as m0007 from './migrations/0007-sync-staging.ts';
import * as m0008 from './migrations/0008-console-indexes.ts';
import type { Database } from './schema.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': m0001,
  '0002-directory': m0002,
  '0003-sync': m0003,
  '0004-events-schedule': m0004,
  '0005-signin-sessions': m0005,
  '0006-policies': m0006,
  '0007-sync-staging': m0007,
  '0008-console-indexes': m0008,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export const createMigrator = (db: Kysely<Database>): Migrator =>
  new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `database migration ${failed} failed: ${(error as Error).message ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (readiness fails while any is pending). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
