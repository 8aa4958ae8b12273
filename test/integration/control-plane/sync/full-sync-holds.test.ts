// What must never read as "everyone left": an empty org, a contact-range error (40004), revoked
// permissions, a narrowed scope setting. Each is held with the directory untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../../../control-plane/storage/schema.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { directoryUsers, startSyncWorld, type SyncWorld } from './sync-fixture.ts';

async function snapshotOf(w: SyncWorld) {
  const users = await directoryUsers(w.db, w.sourceId);
  return [...users.values()]
    .map((u) => `${u.open_id}:${u.status}:${u.updated_at.getTime()}`)
    .sort();
}

describe.each(engines)('held runs on $name', (engine) => {
  let database: TestDatabase;
  let w: SyncWorld;
  beforeAll(async () => {
    database = await engine.open();
    w = await startSyncWorld(database.db, {
      sandbox: { org: 'tiny' },
      source: {
        overrides: {
          deletion_thresholds: json({
            users: { value: 100, unit: 'count' },
            departments: { value: 100, unit: 'count' },
          }),
        },
      },
    });
    expect((await w.sync()).status).toBe('succeeded');
  });
  afterAll(async () => {
    await w?.close();
    await database?.close();
  });

  it('holds a contact-range refusal (40004): nothing to approve, nothing applied', async () => {
    const store = w.sb.ctx.store;
    const app = store.requireApp(w.appId);
    const before = await snapshotOf(w);
    const dept = [...store.departments.values()].find((d) => d.tenantKey === app.tenantKey)!;
    store.setContactRange(w.appId, { kind: 'partial', departmentKeys: [dept.key], userKeys: [] });
    try {
      const run = await w.sync();
      expect(run.status).toBe('blocked');
      expect(run.hold_reasons).toEqual([
        expect.objectContaining({ code: 'FEISHU_CONTACT_RANGE_DENIED', approvable: false }),
      ]);
      expect(await snapshotOf(w)).toEqual(before);
    } finally {
      store.setContactRange(w.appId, { kind: 'all' });
    }
  });

  it('holds when a required permission was revoked', async () => {
    const store = w.sb.ctx.store;
    const app = store.requireApp(w.appId);
    const saved = [...app.scopes];
    const before = await snapshotOf(w);
    store.updateApp(w.appId, {
      scopes: saved.filter((s) => s !== 'contact:user.employee:readonly'),
    });
    try {
      const run = await w.sync();
      expect(run).toMatchObject({
        status: 'blocked',
        hold_reasons: [
          {
            code: 'SYNC_HELD_SCOPES_REVOKED',
            params: { scopes: 'contact:user.employee:readonly' },
            approvable: false,
          },
        ],
      });
      expect(await snapshotOf(w)).toEqual(before);
    } finally {
      store.updateApp(w.appId, { scopes: saved });
    }
  });

  it('holds a narrowed scope setting that would remove users, even under the threshold', async () => {
    const store = w.sb.ctx.store;
    const top = [...store.departments.values()].find(
      (d) => d.tenantKey === w.sb.world.tenantKey && d.parentKey === '0',
    )!;
    const before = await snapshotOf(w);
    await w.setSource({
      scope: json({ kind: 'departments', department_ids: [top.openDepartmentId] }),
    });
    try {
      const run = await w.sync();
      expect(run.status).toBe('blocked');
      expect(run.hold_reasons).toEqual([
        expect.objectContaining({ code: 'SYNC_HELD_SCOPE_NARROWED', approvable: true }),
      ]);
      expect(await snapshotOf(w)).toEqual(before);
    } finally {
      await w.setSource({ scope: json({ kind: 'all' }) });
    }
  });

  it('holds an org that comes back empty, with the would-be removals listed', async () => {
    const store = w.sb.ctx.store;
    const before = await snapshotOf(w);
    for (const u of w.liveUsers()) store.resignUser(u.key);
    const run = await w.sync();
    expect(run.status).toBe('blocked');
    expect(run.hold_reasons).toEqual([
      expect.objectContaining({ code: 'SYNC_HELD_EMPTY_ORG', approvable: true }),
    ]);
    const pending = await w.db
      .selectFrom('sync_pending_changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('run_id', '=', run.id)
      .where('action', '=', 'disable')
      .executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(before.filter((s) => s.includes(':active:')).length);
    expect(await snapshotOf(w)).toEqual(before);
    // A later held run supersedes this one: only the newest held run is live.
    const next = await w.sync();
    expect(next.status).toBe('blocked');
    const old = await w.db
      .selectFrom('sync_runs')
      .select(['status', 'superseded_by'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(old).toEqual({ status: 'discarded', superseded_by: next.id });
  });
});
