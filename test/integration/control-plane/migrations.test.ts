import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  migrateToLatest,
  pendingMigrations,
} from '../../../control-plane/storage/migrator.ts';
import { engines, type TestDatabase } from '../../fixtures/db.ts';

describe.each(engines)('migrations on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open({ migrate: false });
  });
  afterAll(() => database?.close());

  it('starts with every migration pending, applies them all, then has none pending', async () => {
    expect(await pendingMigrations(database.db)).toEqual(Object.keys(MIGRATIONS));
    expect(await migrateToLatest(database.db)).toEqual(Object.keys(MIGRATIONS));
    expect(await pendingMigrations(database.db)).toEqual([]);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('creates every table the later sync work needs', async () => {
    const rows = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
      database.db,
    );
    expect(rows.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'admin_sessions',
        'admins',
        'audit_log',
        'deployment_settings',
        'directory_departments',
        'directory_memberships',
        'directory_users',
        'events_inbox',
        'identity_sources',
        'job_leases',
        'sync_runs',
        'tenants',
      ]),
    );
  });

  it('indexes the directory for prefix search and subtree look-ups', async () => {
    const rows = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes where schemaname = 'public'`.execute(database.db);
    const defs = new Map(rows.rows.map((r) => [r.indexname, r.indexdef]));
    expect(defs.get('directory_users_name')).toMatch(/lower\(name\) text_pattern_ops/);
    expect(defs.get('directory_users_email')).toMatch(/lower\(email\) text_pattern_ops/);
    expect(defs.get('directory_departments_path')).toMatch(/path text_pattern_ops/);
    expect(defs.get('directory_memberships_user')).toBeDefined();
    expect(defs.get('sync_runs_one_active')).toMatch(/WHERE/);
  });

  it('allows one queued or running sync run per source, enforced by the database', async () => {
    const now = new Date();
    const tenantId = crypto.randomUUID();
    const sourceId = crypto.randomUUID();
    await database.db
      .insertInto('tenants')
      .values({
        id: tenantId,
        name: 'm',
        status: 'active',
        time_zone: 'UTC',
        verification_id: 'migtest00001',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await database.db
      .insertInto('identity_sources')
      .values({
        id: sourceId,
        tenant_id: tenantId,
        brand: 'feishu',
        name: 'src',
        description: '',
        status: 'enabled',
        app_id: 'cli_0123456789abcdef',
        app_secret_enc: 'x',
        encrypt_key_enc: null,
        verification_token_enc: null,
        auto_sync: true,
        sync_user_info: true,
        schedule: '{}',
        scope: '{}',
        field_mapping: '{}',
        deletion_thresholds: '{}',
        qr_login: true,
        connectivity_status: 'untested',
        connectivity_checked_at: null,
        connectivity_report: null,
        next_sync_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const run = (status: 'running' | 'succeeded') => ({
      id: crypto.randomUUID(),
      source_id: sourceId,
      tenant_id: tenantId,
      trigger: 'manual' as const,
      status,
      requested_by: null,
      base_directory_version: 0,
      counts: '{}',
      started_at: null,
      finished_at: null,
      duration_ms: null,
      error: null,
      pending_changes: null,
      decided_by: null,
      decided_at: null,
      created_at: now,
    });
    await database.db.insertInto('sync_runs').values(run('running')).execute();
    await database.db.insertInto('sync_runs').values(run('succeeded')).execute();
    await expect(
      database.db.insertInto('sync_runs').values(run('running')).execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });
});
