// The large preset (100k people, 5k departments), synced once: on PostgreSQL when the test run
// has one (on PGlite this takes well over a minute, so it runs there only when there is no
// PostgreSQL at all), then re-synced unchanged. Timing goals live in bench/sync-full.bench.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { startSyncWorld, type SyncWorld } from './sync-fixture.ts';

const engine = engines.find((e) => e.name === 'postgres') ?? engines[0]!;

describe(`full sync of the large org on ${engine.name}`, () => {
  let database: TestDatabase;
  let w: SyncWorld;
  beforeAll(async () => {
    database = await engine.open();
    w = await startSyncWorld(database.db, { sandbox: { org: 'large' } });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    await database?.close();
  });

  it('creates every department, person and membership, then finds nothing to do', async () => {
    const live = w.liveUsers();
    const tenant = w.sb.world.tenants[0]!;
    const first = await w.sync();
    expect(first.status).toBe('succeeded');
    expect(first.counts).toMatchObject({
      departments: { created: tenant.departments },
      users: { created: live.length },
    });
    const memberships = live.reduce((n, u) => n + u.departmentKeys.length, 0);
    const count = await w.db
      .selectFrom('directory_memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', w.sourceId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(memberships);

    const second = await w.sync();
    expect(second.status).toBe('succeeded');
    expect(second.counts).toMatchObject({
      departments: { created: 0, updated: 0, deleted: 0 },
      users: { created: 0, updated: 0, disabled: 0, deleted: 0 },
    });
    // One call per department at least, plus the pages of the bigger ones: no N+1 anywhere else.
    expect(second.api_calls).toBeLessThan(tenant.departments * 1.2);
  }, 600_000);
});
