// Start-up pieces on a real data directory / database: key file, embedded-database lock,
// master key check, migrations, and the first admin.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminService } from '../../../control-plane/admins/admin-service.ts';
import {
  bootstrapAdmin,
  GENERATED_ADMIN_EMAIL,
} from '../../../control-plane/auth/bootstrap-admin.ts';
import { systemClock } from '../../../control-plane/clock.ts';
import { configSchema, type ParsedConfig } from '../../../control-plane/config/config-schema.ts';
import { openRuntime } from '../../../control-plane/runtime.ts';
import { MIGRATIONS } from '../../../control-plane/storage/migrator.ts';
import { MasterKeyMismatchError } from '../../../control-plane/security/master-key-check.ts';
import { verifyPassword } from '../../../control-plane/security/password-hash.ts';
import { DataDirLockedError } from '../../../control-plane/storage/data-dir-lock.ts';
import { getAdminByEmail } from '../../../control-plane/storage/repositories/admins.ts';
import { engines, type TestDatabase } from '../../fixtures/db.ts';

const now = () => systemClock.now();

describe('embedded runtime in a data directory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gh-runtime-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const config = (extra: Partial<ParsedConfig> = {}): ParsedConfig => ({
    ...configSchema.parse({ dataDir: dir }),
    ...extra,
  });

  it('creates a 0600 key file, migrates, locks the directory, and reopens with the same key', async () => {
    const first = await openRuntime(config(), now);
    try {
      expect(first.engine).toBe('pglite');
      expect(first.masterKey.source).toBe('file-created');
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(first.appliedMigrations).toEqual(Object.keys(MIGRATIONS));
      await expect(openRuntime(config(), now)).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await first.close();
    }
    const second = await openRuntime(config(), now);
    try {
      expect(second.masterKey.source).toBe('file');
      expect(second.appliedMigrations).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuses a different master key than the one the database was set up with', async () => {
    await expect(
      openRuntime(config({ masterKey: randomBytes(32).toString('base64') }), now),
    ).rejects.toBeInstanceOf(MasterKeyMismatchError);
    // The failed start released the lock.
    const again = await openRuntime(config(), now);
    await again.close();
  });
});

describe.each(engines.filter((e) => e.name === 'postgres'))(
  'runtime on a PostgreSQL URL',
  (engine) => {
    let database: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      database = await engine.open({ migrate: false });
      dir = mkdtempSync(join(tmpdir(), 'gh-runtime-pg-'));
    });
    afterAll(async () => {
      await database?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('migrates the server database and holds every replica to one master key', async () => {
      const key = randomBytes(32).toString('base64');
      const config = (masterKey: string): ParsedConfig =>
        configSchema.parse({ dataDir: dir, databaseUrl: database.url, masterKey });
      const first = await openRuntime(config(key), now);
      const second = await openRuntime(config(key), now); // a second replica: no lock, same key
      try {
        expect(first.engine).toBe('postgres');
        expect(first.appliedMigrations).toEqual(Object.keys(MIGRATIONS));
        expect(second.appliedMigrations).toEqual([]);
        expect(first.location).not.toContain('@');
        await expect(
          openRuntime(config(randomBytes(32).toString('base64')), now),
        ).rejects.toBeInstanceOf(MasterKeyMismatchError);
      } finally {
        await first.close();
        await second.close();
      }
    });
  },
);

describe.each(engines)('first admin on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open();
  });
  afterAll(() => database?.close());

  it('generates a platform admin with a strong password once, then never again', async () => {
    const admins = createAdminService({ db: database.db, clock: systemClock });
    const first = await bootstrapAdmin({ db: database.db, admins });
    expect(first).toMatchObject({ created: true, email: GENERATED_ADMIN_EMAIL });
    const password = (first as { generatedPassword: string }).generatedPassword;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const row = await getAdminByEmail(database.db, GENERATED_ADMIN_EMAIL);
    expect(row).toMatchObject({ role: 'platform_admin', tenant_id: null, status: 'active' });
    expect(await verifyPassword(password, row!.password_hash)).toBe(true);
    expect(
      await bootstrapAdmin({
        db: database.db,
        admins,
        email: 'other@example.com',
        password: 'another long password',
      }),
    ).toEqual({ created: false });
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'admin.create')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'system', actor_label: 'bootstrap' });
    expect(JSON.stringify(audit[0])).not.toContain(password);
  });
});

describe.each(engines)('first admin from the environment on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open();
  });
  afterAll(() => database?.close());

  it('uses GATEHOUSE_ADMIN_EMAIL/PASSWORD, and two replicas starting together create it once', async () => {
    const admins = createAdminService({ db: database.db, clock: systemClock });
    const options = {
      db: database.db,
      admins,
      email: 'Ops@Example.com',
      password: 'from the environment',
    };
    const results = await Promise.all([bootstrapAdmin(options), bootstrapAdmin(options)]);
    expect(results.filter((r) => r.created)).toEqual([
      { created: true, email: 'ops@example.com', generatedPassword: null },
    ]);
    const rows = await database.db.selectFrom('admins').select('email').execute();
    expect(rows).toEqual([{ email: 'ops@example.com' }]);
  });
});
