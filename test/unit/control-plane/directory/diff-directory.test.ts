import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countChanges,
  countRemovals,
  isEmptyChangeSet,
} from '../../../../control-plane/directory/change-set.ts';
import {
  diffDirectory,
  type DiffOptions,
} from '../../../../control-plane/directory/diff-directory.ts';
import { currentDept, currentUser, dept, user } from './records.ts';

const NOW = new Date('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const full: DiffOptions = { mode: 'full', now: NOW, deleteGraceMs: 30 * DAY, matching: null };

describe('diffDirectory', () => {
  it('creates everything into an empty directory and nothing the second time', () => {
    const desired = { departments: [dept('od-a'), dept('od-b')], users: [user(1), user(2)] };
    const first = diffDirectory('s', { departments: [], users: [] }, desired, full);
    expect(countChanges(first)).toEqual({
      departments: { created: 2, updated: 0, deleted: 0 },
      users: { created: 2, updated: 0, disabled: 0, deleted: 0 },
    });
    const current = {
      departments: desired.departments.map((d) => currentDept(d)),
      users: desired.users.map((u) => currentUser(u)),
    };
    expect(isEmptyChangeSet(diffDirectory('s', current, desired, full))).toBe(true);
  });

  it('treats a changed user_id as an update of the same row (keyed by open_id/union_id)', () => {
    const before = user(1);
    const renamed = user(1, { userId: 'new-id', username: 'new-id' });
    const cs = diffDirectory(
      's',
      { departments: [], users: [currentUser(before)] },
      { departments: [], users: [renamed] },
      full,
    );
    expect(cs.users.create).toEqual([]);
    expect(cs.users.update).toEqual([{ id: 'row-ou_1', record: renamed, accessChanged: true }]);
  });

  it('matches by union_id when the open_id changed (another app of the same developer)', () => {
    const cs = diffDirectory(
      's',
      { departments: [], users: [currentUser(user(1))] },
      { departments: [], users: [user(1, { openId: 'ou_other' })] },
      full,
    );
    expect(cs.users.create).toEqual([]);
    expect(cs.users.disable).toEqual([]);
    expect(cs.users.update.map((u) => [u.id, u.record.openId])).toEqual([['row-ou_1', 'ou_other']]);
  });

  it('links an unmatched Feishu user to an existing account by the matching rule, only when unambiguous', () => {
    const existing = currentUser(user(1), {
      openId: 'ou_old',
      unionId: 'on_old',
      username: 'alice',
    });
    const twinA = currentUser(user(2), { openId: 'ou_t1', unionId: 'on_t1', username: 'twin' });
    const twinB = currentUser(user(3), { openId: 'ou_t2', unionId: 'on_t2', username: 'twin' });
    const alice = user(10, { profile: { user_id: 'alice' } });
    const twin = user(11, { profile: { user_id: 'twin' } });
    const cs = diffDirectory(
      's',
      { departments: [], users: [existing, twinA, twinB] },
      { departments: [], users: [alice, twin] },
      { ...full, matching: { accountField: 'username', feishuField: 'user_id' } },
    );
    expect(cs.users.update.map((u) => [u.id, u.record.openId])).toEqual([['row-ou_1', 'ou_10']]);
    expect(cs.users.create.map((u) => u.openId)).toEqual(['ou_11']);
    // The two ambiguous accounts are not in Feishu any more: they leave the scope.
    expect(cs.users.disable.map((d) => d.id).sort()).toEqual(['row-ou_2', 'row-ou_3']);
  });

  it('disables frozen users with their new data and counts them as removals', () => {
    const u = user(1);
    const frozen = user(1, {
      status: 'disabled',
      disabledReason: 'frozen',
      feishuStatus: { is_frozen: true, is_resigned: false },
    });
    const cs = diffDirectory(
      's',
      { departments: [], users: [currentUser(u)] },
      { departments: [], users: [frozen] },
      full,
    );
    expect(cs.users.disable).toEqual([
      {
        id: 'row-ou_1',
        openId: 'ou_1',
        name: 'User 1',
        wasActive: true,
        reason: 'frozen',
        record: frozen,
      },
    ]);
    expect(countRemovals(cs)).toEqual({ users: 1, departments: 0 });
  });

  it('disables users who left the scope, then deletes them once the grace period has passed', () => {
    const gone = user(1);
    const cs1 = diffDirectory(
      's',
      { departments: [], users: [currentUser(gone)] },
      { departments: [], users: [] },
      full,
    );
    expect(cs1.users.disable).toEqual([
      { id: 'row-ou_1', openId: 'ou_1', name: 'User 1', wasActive: true, reason: 'left_scope' },
    ]);
    const disabledRow = (at: Date) =>
      currentUser(gone, {
        status: 'disabled',
        disabledReason: 'left_scope',
        disabledAt: at,
        contentHash: null,
      });
    const within = diffDirectory(
      's',
      { departments: [], users: [disabledRow(new Date(NOW.getTime() - 29 * DAY))] },
      { departments: [], users: [] },
      full,
    );
    expect(isEmptyChangeSet(within)).toBe(true);
    const after = diffDirectory(
      's',
      { departments: [], users: [disabledRow(new Date(NOW.getTime() - 30 * DAY))] },
      { departments: [], users: [] },
      full,
    );
    expect(after.users.delete).toEqual([
      { id: 'row-ou_1', openId: 'ou_1', name: 'User 1', wasActive: false },
    ]);
    expect(countRemovals(after).users).toBe(0);
  });

  it('leaves resigned users disabled as they are on later runs', () => {
    const u = user(1, { status: 'disabled', disabledReason: 'resigned', memberships: [] });
    const cs = diffDirectory(
      's',
      { departments: [], users: [currentUser(u)] },
      { departments: [], users: [] },
      full,
    );
    expect(isEmptyChangeSet(cs)).toBe(true);
  });

  it('brings back a user who returns, as an access change', () => {
    const u = user(1);
    const cs = diffDirectory(
      's',
      {
        departments: [],
        users: [currentUser(u, { status: 'disabled', disabledReason: 'left_scope' })],
      },
      { departments: [], users: [u] },
      full,
    );
    expect(cs.users.update).toEqual([{ id: 'row-ou_1', record: u, accessChanged: true }]);
  });

  it('flags an access change only when departments, username or attributes changed', () => {
    const u = user(1);
    const current = { departments: [], users: [currentUser(u)] };
    const avatar = diffDirectory(
      's',
      current,
      { departments: [], users: [user(1, { profile: { ...u.profile, avatar_url: 'x' } })] },
      full,
    );
    expect(avatar.users.update[0]?.accessChanged).toBe(false);
    const moved = diffDirectory(
      's',
      current,
      {
        departments: [],
        users: [
          user(1, {
            memberships: [
              { openDepartmentId: 'od-b', isPrimary: true, userOrder: 0, departmentOrder: 0 },
            ],
          }),
        ],
      },
      full,
    );
    expect(moved.users.update[0]?.accessChanged).toBe(true);
  });

  it('deletes departments no longer listed and updates changed ones', () => {
    const a = dept('od-a');
    const b = dept('od-b');
    const cs = diffDirectory(
      's',
      { departments: [currentDept(a), currentDept(b)], users: [] },
      { departments: [dept('od-a', { name: 'Renamed' })], users: [] },
      full,
    );
    expect(cs.departments.update.map((d) => [d.id, d.name])).toEqual([['row-od-a', 'Renamed']]);
    expect(cs.departments.delete).toEqual([
      { id: 'row-od-b', openDepartmentId: 'od-b', name: 'Dept od-b' },
    ]);
  });

  it('in partial mode leaves everything absent alone', () => {
    const cs = diffDirectory(
      's',
      { departments: [currentDept(dept('od-a'))], users: [currentUser(user(1))] },
      { departments: [], users: [user(2)] },
      { ...full, mode: 'partial' },
    );
    expect(countChanges(cs)).toEqual({
      departments: { created: 0, updated: 0, deleted: 0 },
      users: { created: 1, updated: 0, disabled: 0, deleted: 0 },
    });
  });

  it('does not create resigned users the directory never had', () => {
    const cs = diffDirectory(
      's',
      { departments: [], users: [] },
      { departments: [], users: [user(1, { status: 'disabled', disabledReason: 'resigned' })] },
      full,
    );
    expect(isEmptyChangeSet(cs)).toBe(true);
  });

  it('is idempotent for any org: applying the diff and diffing again yields nothing (property)', () => {
    const userArb = fc.record({
      n: fc.integer({ min: 1, max: 40 }),
      name: fc.string({ maxLength: 5 }),
      userId: fc.option(fc.string({ minLength: 1, maxLength: 4 }), { nil: null }),
      frozen: fc.boolean(),
      dept: fc.constantFrom('od-a', 'od-b', '0'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(userArb, { selector: (u) => u.n, maxLength: 30 }),
        fc.uniqueArray(userArb, { selector: (u) => u.n, maxLength: 30 }),
        (before, after) => {
          const toRecord = (u: (typeof before)[number]) =>
            user(u.n, {
              name: u.name,
              userId: u.userId,
              status: u.frozen ? 'disabled' : 'active',
              disabledReason: u.frozen ? 'frozen' : null,
              memberships: [
                { openDepartmentId: u.dept, isPrimary: true, userOrder: 0, departmentOrder: 0 },
              ],
            });
          const current = { departments: [], users: before.map((u) => currentUser(toRecord(u))) };
          const desired = { departments: [], users: after.map(toRecord) };
          const cs = diffDirectory('s', current, desired, full);
          // Every desired user ends up created, updated, disabled or already equal.
          const touched = new Set([
            ...cs.users.create.map((u) => u.openId),
            ...cs.users.update.map((u) => u.record.openId),
            ...cs.users.disable.map((u) => u.openId),
          ]);
          const wantedOpenIds = new Set(desired.users.map((u) => u.openId));
          for (const u of cs.users.disable) {
            if (!wantedOpenIds.has(u.openId)) expect(u.reason).toBe('left_scope');
          }
          // Simulate the apply: the new current state is the desired records + the disabled rest.
          const next = {
            departments: [],
            users: [
              ...desired.users.map((u) => currentUser(u)),
              ...current.users
                .filter((u) => !wantedOpenIds.has(u.openId))
                .map((u) => ({
                  ...u,
                  status: 'disabled' as const,
                  disabledReason: 'left_scope' as const,
                  disabledAt: NOW,
                  contentHash: null,
                })),
            ],
          };
          expect(isEmptyChangeSet(diffDirectory('s', next, desired, full))).toBe(true);
          expect(touched.size).toBeLessThanOrEqual(wantedOpenIds.size + before.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
