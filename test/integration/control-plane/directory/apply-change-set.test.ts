import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangeSet } from '../../../../control-plane/directory/apply-change-set.ts';
import { emptyChangeSet } from '../../../../control-plane/directory/change-set.ts';
import { diffDirectory } from '../../../../control-plane/directory/diff-directory.ts';
import { loadDirectorySnapshot } from '../../../../control-plane/directory/directory-snapshot.ts';
import { createDirectorySignals } from '../../../../control-plane/directory/signals.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { dept, user } from '../../../unit/control-plane/directory/records.ts';
import { insertSource } from '../../../fixtures/source-rows.ts';

const NOW = new Date('2026-03-01T00:00:00Z');
const full = { mode: 'full' as const, now: NOW, deleteGraceMs: 0, matching: null };

describe.each(engines)('applyChangeSet on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open();
  });
  afterAll(async () => database?.close());

  it('applies a diff atomically, bumps the version once, and then has nothing left to do', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    const desired = {
      departments: [
        dept('od-a'),
        dept('od-b', { parentOpenDepartmentId: 'od-a', path: '/od-a/od-b/' }),
      ],
      users: Array.from({ length: 2500 }, (_, i) =>
        user(i, {
          memberships: [
            { openDepartmentId: 'od-a', isPrimary: true, userOrder: 0, departmentOrder: 0 },
            { openDepartmentId: 'od-b', isPrimary: false, userOrder: 1, departmentOrder: 1 },
          ],
        }),
      ),
    };
    const snap = await loadDirectorySnapshot(db, source.id);
    expect(snap.version).toBe(0);
    const cs = diffDirectory(source.id, snap, desired, full);
    const result = await applyChangeSet(db, cs, { expectedVersion: snap.version, now: NOW });
    expect(result.directoryVersion).toBe(1);
    expect(result.counts.users.created).toBe(2500);
    const members = await db
      .selectFrom('directory_memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(Number(members.n)).toBe(5000);

    const again = await loadDirectorySnapshot(db, source.id);
    expect(again.active).toEqual({ users: 2500, departments: 2 });
    const noop = diffDirectory(source.id, again, desired, full);
    const r2 = await applyChangeSet(db, noop, { expectedVersion: again.version, now: NOW });
    expect(r2.directoryVersion).toBe(1);
  });

  it('refuses a change computed from an older version and writes nothing', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    const cs = diffDirectory(
      source.id,
      { departments: [], users: [] },
      { departments: [], users: [user(1)] },
      full,
    );
    await applyChangeSet(db, cs, { expectedVersion: 0, now: NOW });
    const stale = diffDirectory(
      source.id,
      { departments: [], users: [] },
      { departments: [], users: [user(2)] },
      full,
    );
    await expect(applyChangeSet(db, stale, { expectedVersion: 0, now: NOW })).rejects.toMatchObject(
      {
        code: 'SYNC_DIRECTORY_CHANGED',
      },
    );
    const users = await db
      .selectFrom('directory_users')
      .select('open_id')
      .where('source_id', '=', source.id)
      .execute();
    expect(users.map((u) => u.open_id)).toEqual(['ou_1']);
  });

  it('rolls everything back when a later write of the same transaction fails', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    const cs = diffDirectory(
      source.id,
      { departments: [], users: [] },
      { departments: [dept('od-a')], users: [user(1), user(2)] },
      full,
    );
    await expect(
      applyChangeSet(db, cs, {
        now: NOW,
        within: async () => {
          throw new Error('audit write failed');
        },
      }),
    ).rejects.toThrow('audit write failed');
    const snap = await loadDirectorySnapshot(db, source.id);
    expect(snap).toMatchObject({ version: 0, users: [], departments: [] });
  });

  it('rolls back when one batch of users fails while the next is already queued', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    // Three batches of 2,000; a time the database cannot read sits in the second.
    const users = Array.from({ length: 5000 }, (_, i) => user(i));
    users[2500] = { ...users[2500]!, sourceUpdatedAt: 'not a time' };
    const cs = diffDirectory(
      source.id,
      { departments: [], users: [] },
      { departments: [dept('od-a')], users },
      full,
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(applyChangeSet(db, cs, { now: NOW })).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    const snap = await loadDirectorySnapshot(db, source.id);
    expect(snap).toMatchObject({ version: 0, users: [], departments: [] });
  });

  it('raises signals only after commit: disabled users and access changes', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    const signals = createDirectorySignals();
    const seen: string[] = [];
    signals.subscribe({
      onUserDisabled: async (id, reason) => {
        // After commit, the row already says disabled.
        const row = await db
          .selectFrom('directory_users')
          .select(['open_id', 'status'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        seen.push(`disabled ${row.open_id} ${row.status} ${reason}`);
      },
      onUserAttributesChanged: async (id) => {
        const row = await db
          .selectFrom('directory_users')
          .select('open_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        seen.push(`changed ${row.open_id}`);
      },
    });
    const first = diffDirectory(
      source.id,
      await loadDirectorySnapshot(db, source.id),
      { departments: [dept('od-a'), dept('od-b')], users: [user(1), user(2), user(3)] },
      full,
    );
    await applyChangeSet(db, first, { now: NOW, signals });
    expect(seen).toEqual([]);

    const moved = user(2, {
      memberships: [
        { openDepartmentId: 'od-b', isPrimary: true, userOrder: 0, departmentOrder: 0 },
      ],
    });
    const frozen = user(3, { status: 'disabled', disabledReason: 'frozen' });
    const snap = await loadDirectorySnapshot(db, source.id);
    const second = diffDirectory(
      source.id,
      snap,
      { departments: [dept('od-a'), dept('od-b')], users: [moved, frozen] },
      full,
    );
    const r = await applyChangeSet(db, second, {
      expectedVersion: snap.version,
      now: NOW,
      signals,
    });
    expect(r.signals).toEqual({ userDisabled: 2, userAttributesChanged: 1 });
    expect(seen.sort()).toEqual([
      'changed ou_2',
      'disabled ou_1 disabled left_scope',
      'disabled ou_3 disabled frozen',
    ]);
    const memberships = await db
      .selectFrom('directory_memberships as m')
      .innerJoin('directory_users as u', 'u.id', 'm.user_id')
      .select(['u.open_id', 'm.open_department_id'])
      .where('m.source_id', '=', source.id)
      .orderBy('u.open_id')
      .execute();
    // The user who left has no memberships; the frozen one keeps theirs; the mover moved.
    expect(memberships).toEqual([
      { open_id: 'ou_2', open_department_id: 'od-b' },
      { open_id: 'ou_3', open_department_id: 'od-a' },
    ]);
  });

  it('keeps the grace clock of a user who stays disabled for the same reason, and deletes after it', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    await applyChangeSet(
      db,
      diffDirectory(
        source.id,
        { departments: [], users: [] },
        { departments: [], users: [user(1)] },
        full,
      ),
      { now: NOW },
    );
    const later = new Date(NOW.getTime() + 1000);
    const gone = diffDirectory(
      source.id,
      await loadDirectorySnapshot(db, source.id),
      { departments: [], users: [] },
      { ...full, now: later, deleteGraceMs: 10_000 },
    );
    await applyChangeSet(db, gone, { now: later });
    const row = await db
      .selectFrom('directory_users')
      .select(['status', 'disabled_reason', 'disabled_at'])
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'disabled', disabled_reason: 'left_scope', disabled_at: later });
    const tooEarly = diffDirectory(
      source.id,
      await loadDirectorySnapshot(db, source.id),
      { departments: [], users: [] },
      { ...full, now: new Date(later.getTime() + 9_999), deleteGraceMs: 10_000 },
    );
    expect(tooEarly.users.delete).toEqual([]);
    const due = diffDirectory(
      source.id,
      await loadDirectorySnapshot(db, source.id),
      { departments: [], users: [] },
      { ...full, now: new Date(later.getTime() + 10_000), deleteGraceMs: 10_000 },
    );
    expect(due.users.delete).toHaveLength(1);
    await applyChangeSet(db, due, { now: new Date(later.getTime() + 10_000) });
    const deleted = await db
      .selectFrom('directory_users')
      .select(['status', 'deleted_at'])
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(deleted.status).toBe('deleted');
  });

  it('a create that finds the user already there updates that row and replaces its memberships', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    const first = diffDirectory(
      source.id,
      { departments: [], users: [] },
      { departments: [], users: [user(1)] },
      full,
    );
    await applyChangeSet(db, first, { now: NOW });
    const before = await db
      .selectFrom('directory_users')
      .select('id')
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    // Computed from an empty snapshot, as a racing writer would: a create of the same open_id.
    const again = emptyChangeSet(source.id);
    again.users.create.push(
      user(1, {
        name: 'Renamed',
        memberships: [
          { openDepartmentId: 'od-b', isPrimary: true, userOrder: 0, departmentOrder: 0 },
        ],
      }),
    );
    await applyChangeSet(db, again, { now: NOW });
    const rows = await db
      .selectFrom('directory_users')
      .select(['id', 'name'])
      .where('source_id', '=', source.id)
      .execute();
    expect(rows).toEqual([{ id: before.id, name: 'Renamed' }]);
    const memberships = await db
      .selectFrom('directory_memberships')
      .select('open_department_id')
      .where('user_id', '=', before.id)
      .execute();
    expect(memberships).toEqual([{ open_department_id: 'od-b' }]);
  });

  it('an empty change set writes nothing and keeps the version', async () => {
    const { db } = database;
    const { source } = await insertSource(db);
    const r = await applyChangeSet(db, emptyChangeSet(source.id), { expectedVersion: 0, now: NOW });
    expect(r.directoryVersion).toBe(0);
  });
});
