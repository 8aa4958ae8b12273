// What the server and the CLI both need before doing anything: the master key, the database
// (locked if embedded), migrations applied and the key verified against the database.
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { ParsedConfig } from './config/config-schema.ts';
import { loadMasterKey, type MasterKey } from './security/master-key.ts';
import { verifyMasterKey } from './security/master-key-check.ts';
import { SecretBox } from './security/secret-box.ts';
import { lockDataDir } from './storage/data-dir-lock.ts';
import { migrateToLatest } from './storage/migrator.ts';
import { openDatabase, type Engine } from './storage/open-database.ts';
import type { Database } from './storage/schema.ts';

export interface Runtime {
  db: Kysely<Database>;
  engine: Engine;
  location: string;
  secretBox: SecretBox;
  masterKey: Omit<MasterKey, 'key'>;
  appliedMigrations: string[];
  close(): Promise<void>;
}

export async function openRuntime(config: ParsedConfig, now: () => Date): Promise<Runtime> {
  const master = loadMasterKey({
    base64: config.masterKey,
    keyFile: join(config.dataDir, 'master.key'),
  });
  const secretBox = new SecretBox(master.key);
  master.key.fill(0);
  const embedded = !config.databaseUrl;
  const unlock = embedded ? lockDataDir(join(config.dataDir, 'pglite.lock')) : () => {};
  try {
    const opened = await openDatabase(
      embedded
        ? { engine: 'pglite', dataDir: join(config.dataDir, 'pglite') }
        : { engine: 'postgres', url: config.databaseUrl!, poolSize: config.databasePoolSize },
    );
    try {
      const appliedMigrations = await migrateToLatest(opened.db);
      await verifyMasterKey(opened.db, secretBox, now());
      return {
        db: opened.db,
        engine: opened.engine,
        location: opened.location,
        secretBox,
        masterKey: { source: master.source, path: master.path },
        appliedMigrations,
        close: async () => {
          await opened.close();
          unlock();
        },
      };
    } catch (err) {
      await opened.close();
      throw err;
    }
  } catch (err) {
    unlock();
    throw err;
  }
}
