// Opens the control plane's database: PostgreSQL when a URL is given, otherwise PGlite in the
// data directory (or in memory). Both are one Postgres dialect behind the same Kysely type.
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** Where it lives, without credentials: a directory, "memory" or host:port/database. */
  location: string;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | { engine: 'pglite'; dataDir: string | 'memory' };

// int8 (counts, identities) as numbers on both engines: PGlite does so already, pg would give
// strings. Every int8 we store (row counts, identities, versions) stays far below 2^53.
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A statement that starts with this comment is prepared once per connection under that name. */
export const preparedAs = (name: string) => `/* prepared: ${name} */`;
const PREPARED = /^\/\* prepared: ([a-z][a-z0-9_]{0,62}) \*\//;

// node-postgres prepares a statement when the query names it; hot statements (the token
// refresh) are planned once per connection this way instead of on every call.
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name =
      typeof text === 'string' && Array.isArray(values) ? PREPARED.exec(text)?.[1] : undefined;
    const call = super.query as (...a: unknown[]) => never;
    return name ? call.call(this, { name, text, values }) : call.apply(this, args);
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if (target.engine === 'postgres') {
    const pool = new pg.Pool({
      Client: PreparingClient,
      connectionString: target.url,
      max: target.poolSize ?? 10,
      types: pgTypes,
      application_name: 'gatehouse-control-plane',
    });
    // An idle client's error (server restart) must not crash the process; the pool drops it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(target.url);
    return {
      db,
      engine: 'postgres',
      location: `${u.hostname}:${u.port || '5432'}${u.pathname}`,
      close: () => db.destroy(),
    };
  }
  // Loaded only when embedded: a replica on PostgreSQL does not carry PGlite's WebAssembly.
  const { PGlite: Embedded } = await import('@electric-sql/pglite');
  let client: PGlite;
  if (target.dataDir === 'memory') {
    client = await Embedded.create();
  } else {
    mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
    client = await Embedded.create({ dataDir: target.dataDir });
  }
  const db = new Kysely<Database>({ dialect: new PgliteDialect(client) });
  return { db, engine: 'pglite', location: target.dataDir, close: () => db.destroy() };
}
