// A migrated database for a bench that runs the control plane in process: a fresh PostgreSQL
// database (bench-postgres.ts) or an on-disk PGlite data directory, removed on close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../../control-plane/storage/migrator.ts';
import { openDatabase } from '../../control-plane/storage/open-database.ts';
import type { TestDatabase } from '../../test/fixtures/db.ts';
import { startBenchPostgres } from './bench-postgres.ts';

export async function openBenchDatabase(engine: string): Promise<TestDatabase> {
  if (engine === 'postgres') {
    const pg = await startBenchPostgres();
    if (!pg) throw new Error('no PostgreSQL: set DATABASE_URL or install the server binaries');
    const opened = await openDatabase({ engine: 'postgres', url: pg.url });
    await migrateToLatest(opened.db);
    return {
      db: opened.db,
      engine: 'postgres',
      url: pg.url,
      close: async () => {
        await opened.close();
        await pg.stop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-pglite-'));
  const opened = await openDatabase({ engine: 'pglite', dataDir: dir });
  await migrateToLatest(opened.db);
  return {
    db: opened.db,
    engine: 'pglite',
    close: async () => {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
