import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createEmbeddedStatistics } from '../../../../control-plane/jobs/embedded-statistics.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { createEventSource, type EventSource } from '../../../fixtures/event-source.ts';
import { ManualClock } from '../../../fixtures/manual-clock.ts';

describe.each(engines)('planner statistics on $name', (engine) => {
  let database: TestDatabase;
  let s: EventSource;
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 5, 30, 0));

  beforeAll(async () => {
    database = await engine.open();
    s = await createEventSource(database.db, new SecretBox(randomBytes(32)), clock, {
      connectivity: 'passed',
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** What the planner believes directory_departments holds (-1 or 0: never analyzed). */
  const believed = async () => {
    const { rows } = await sql<{ n: number }>`
      select reltuples::float8 as n from pg_class where relname = 'directory_departments'`.execute(
      database.db,
    );
    return Number(rows[0]!.n);
  };

  const addDepartments = async (from: number, count: number) => {
    await sql`
      insert into directory_departments (id, source_id, open_department_id, name, parent_open_department_id, path, status, created_at, updated_at)
      select gen_random_uuid(), ${s.sourceId}::uuid, 'od-' || i, 'D' || i, '0', '/od-' || i || '/', 'active', now(), now()
      from generate_series(${from}::int, ${from + count - 1}::int) as i`.execute(database.db);
    await database.db
      .updateTable('identity_sources')
      .set((eb) => ({ directory_version: eb('directory_version', '+', 1) }))
      .where('id', '=', s.sourceId)
      .execute();
  };

  it('analyzes the embedded database after a directory change, and only then', async () => {
    const statistics = createEmbeddedStatistics(database.db);
    await addDepartments(1, 500);
    const embedded = engine.name === 'pglite';
    expect(await statistics.refresh()).toBe(embedded);
    if (!embedded) return; // PostgreSQL: autovacuum's job, nothing done here
    expect(await believed()).toBe(500);
    // Nothing changed: no second ANALYZE.
    expect(await statistics.refresh()).toBe(false);
    await addDepartments(501, 250);
    expect(await statistics.refresh()).toBe(true);
    expect(await believed()).toBe(750);
  });
});
