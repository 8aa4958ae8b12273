import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../../../control-plane/storage/schema.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { directoryUsers, membershipsOf, startSyncWorld, type SyncWorld } from './sync-fixture.ts';

describe.each(engines)('full sync on $name', (engine) => {
  let database: TestDatabase;
  let w: SyncWorld;
  beforeAll(async () => {
    database = await engine.open();
    w = await startSyncWorld(database.db, {
      source: {
        overrides: {
          deletion_thresholds: json({
            users: { value: 3, unit: 'count' },
            departments: { value: 10, unit: 'count' },
          }),
        },
      },
    });
  });
  afterAll(async () => {
    await w?.close();
    await database?.close();
  });

  it('first sync: every department and person, paths, multi-department members, leaders', async () => {
    const run = await w.sync('manual');
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'first', phase: null });
    const live = w.liveUsers();
    const frozen = live.filter((u) => u.status.is_frozen);
    expect(frozen.length).toBeGreaterThan(0);
    expect(run.counts).toEqual({
      departments: { created: w.sb.world.tenants[0]!.departments, updated: 0, deleted: 0 },
      users: { created: live.length, updated: 0, disabled: 0, deleted: 0 },
      api: expect.objectContaining({
        requests: run.api_calls,
        token_fetches: 1,
        'GET /open-apis/contact/v3/users/find_by_department': expect.any(Number),
      }),
    });
    expect(run.api_calls).toBeGreaterThan(w.sb.world.tenants[0]!.departments);
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);

    const users = await directoryUsers(w.db, w.sourceId);
    expect(users.size).toBe(live.length);
    for (const u of frozen) {
      expect(users.get(w.openIdOf(u))).toMatchObject({
        status: 'disabled',
        disabled_reason: 'frozen',
      });
    }
    // Someone in two departments has two memberships, the primary one first in Feishu.
    const multi = live.find((u) => u.departmentKeys.length > 1 && !u.status.is_frozen)!;
    const row = users.get(w.openIdOf(multi))!;
    const memberships = await membershipsOf(w.db, row.id);
    expect(memberships).toHaveLength(multi.departmentKeys.length);
    expect(memberships.filter((m) => m.is_primary)).toHaveLength(1);
    expect(row).toMatchObject({ user_id: multi.userId, username: multi.userId, name: multi.name });
    expect(row.attributes).toMatchObject({ display_name: multi.name, job_title: multi.jobTitle });

    // Paths: every department's path is its parent's path plus itself; leaders are open_ids.
    const depts = await w.db
      .selectFrom('directory_departments')
      .selectAll()
      .where('source_id', '=', w.sourceId)
      .execute();
    const byId = new Map(depts.map((d) => [d.open_department_id, d]));
    for (const d of depts) {
      const parentPath =
        d.parent_open_department_id === '0' ? '/' : byId.get(d.parent_open_department_id)!.path;
      expect(d.path).toBe(`${parentPath}${d.open_department_id}/`);
    }
    const withLeader = depts.find((d) => d.leader_open_id)!;
    expect(users.get(withLeader.leader_open_id!)).toBeDefined();

    const audit = await w.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_id', '=', run.id)
      .execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'sync.run.succeeded' })]);
  });

  it('a second run with nothing changed writes nothing', async () => {
    const before = await w.db
      .selectFrom('identity_sources')
      .select('directory_version')
      .where('id', '=', w.sourceId)
      .executeTakeFirstOrThrow();
    const run = await w.sync('schedule');
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'schedule' });
    expect(run.counts).toEqual({
      departments: { created: 0, updated: 0, deleted: 0 },
      users: { created: 0, updated: 0, disabled: 0, deleted: 0 },
      api: expect.objectContaining({ requests: run.api_calls }),
    });
    const after = await w.db
      .selectFrom('identity_sources')
      .select('directory_version')
      .where('id', '=', w.sourceId)
      .executeTakeFirstOrThrow();
    expect(after.directory_version).toBe(before.directory_version);
  });

  it('a changed user_id keeps the account; resign and move are picked up by a re-sync', async () => {
    const store = w.sb.ctx.store;
    const active = w.liveUsers().filter((u) => !u.status.is_frozen && !u.isTenantManager);
    const [renamed, leaver, mover] = active.slice(-3) as [
      (typeof active)[0],
      (typeof active)[0],
      (typeof active)[0],
    ];
    const newUserId = `renamed-${renamed.userId}`;
    const rowsBefore = await directoryUsers(w.db, w.sourceId);
    const target = [...store.departments.values()].find(
      (d) => d.tenantKey === w.sb.world.tenantKey && !mover.departmentKeys.includes(d.key),
    )!;
    store.updateUser(renamed.key, { userId: newUserId });
    store.resignUser(leaver.key);
    store.updateUser(mover.key, { departmentKeys: [target.key] });
    w.seen.length = 0;

    const run = await w.sync();
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({
      users: { created: 0, updated: 2, disabled: 1, deleted: 0 },
    });
    const rows = await directoryUsers(w.db, w.sourceId);
    const r = rows.get(w.openIdOf(renamed))!;
    expect(r.id).toBe(rowsBefore.get(w.openIdOf(renamed))!.id);
    expect(r).toMatchObject({ user_id: newUserId, username: newUserId });
    const l = rows.get(w.openIdOf(leaver))!;
    expect(l).toMatchObject({ status: 'disabled', disabled_reason: 'resigned' });
    expect(await membershipsOf(w.db, l.id)).toEqual([]);
    const m = rows.get(w.openIdOf(mover))!;
    expect(await membershipsOf(w.db, m.id)).toEqual([
      { open_department_id: target.openDepartmentId, is_primary: true },
    ]);
    expect(w.seen.sort()).toEqual(
      [`changed:${r.id}`, `changed:${m.id}`, `disabled:${l.id}:resigned`].sort(),
    );
  });

  it('removals exactly at the threshold are applied; one more is held with nothing applied', async () => {
    const store = w.sb.ctx.store;
    const pick = () =>
      w
        .liveUsers()
        .filter((u) => !u.status.is_frozen && !u.isTenantManager && u.departmentKeys[0] !== '0');
    for (const u of pick().slice(0, 3)) store.resignUser(u.key);
    const atThreshold = await w.sync();
    expect(atThreshold.status).toBe('succeeded');
    expect(atThreshold.counts).toMatchObject({ users: { disabled: 3 } });

    const victims = pick().slice(0, 4);
    for (const u of victims) store.resignUser(u.key);
    const before = await directoryUsers(w.db, w.sourceId);
    const held = await w.sync();
    expect(held.status).toBe('blocked');
    expect(held.hold_reasons).toEqual([
      { code: 'SYNC_HELD_USER_THRESHOLD', params: { count: 4, limit: 3 }, approvable: true },
    ]);
    const pending = await w.db
      .selectFrom('sync_pending_changes')
      .select(['action', 'open_id', 'reason'])
      .where('run_id', '=', held.id)
      .execute();
    expect(pending.map((p) => p.open_id).sort()).toEqual(victims.map(w.openIdOf).sort());
    expect(pending.every((p) => p.action === 'disable' && p.reason === 'resigned')).toBe(true);
    const after = await directoryUsers(w.db, w.sourceId);
    for (const u of victims) expect(after.get(w.openIdOf(u))!.status).toBe('active');
    expect([...after.values()].map((r) => r.updated_at.getTime())).toEqual(
      [...before.values()].map((r) => r.updated_at.getTime()),
    );
  });
});
