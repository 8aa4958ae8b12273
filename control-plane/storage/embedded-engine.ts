// Whether a connection is the embedded PGlite rather than a PostgreSQL server: the two share one
// SQL dialect, but a few things differ in practice (how big parameters travel, no autovacuum).
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

const embeddedCache = new WeakMap<object, boolean>();

/** Asked once per connection (or transaction) object. */
export async function isEmbedded(db: Kysely<Database>): Promise<boolean> {
  const known = embeddedCache.get(db);
  if (known !== undefined) return known;
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  const embedded = /PGlite/i.test(rows[0]?.v ?? '');
  embeddedCache.set(db, embedded);
  return embedded;
}
