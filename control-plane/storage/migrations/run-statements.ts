// Migrations are plain Postgres DDL, one statement per entry: PGlite's extended protocol takes
// one statement per query, and the same list then runs unchanged on PostgreSQL.
import { sql, type Kysely } from 'kysely';

export async function runStatements(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
