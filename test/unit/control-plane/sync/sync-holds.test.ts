import { describe, expect, it } from 'vitest';
import { emptyChangeSet } from '../../../../control-plane/directory/change-set.ts';
import { holdReasons, sameScope } from '../../../../control-plane/sync/sync-holds.ts';

const thresholds = {
  users: { value: 2, unit: 'count' as const },
  departments: { value: 1, unit: 'count' as const },
};

function changeSet(userRemovals: string[], departmentRemovals: string[] = []) {
  const cs = emptyChangeSet('s');
  for (const id of userRemovals)
    cs.users.disable.push({
      id,
      openId: `ou_${id}`,
      name: id,
      wasActive: true,
      reason: 'left_scope',
    });
  for (const id of departmentRemovals)
    cs.departments.delete.push({ id, openDepartmentId: `od-${id}`, name: id });
  return cs;
}

const base = {
  activeBefore: { users: 100, departments: 10 },
  thresholds,
  firstSync: false,
  listedUsers: 97,
  scopeChanged: false,
};

describe('hold reasons', () => {
  it('holds above either threshold, separately', () => {
    expect(holdReasons({ ...base, changeSet: changeSet(['a', 'b']) })).toEqual([]);
    expect(
      holdReasons({ ...base, changeSet: changeSet(['a', 'b', 'c'], ['d1', 'd2']) }).map(
        (r) => r.code,
      ),
    ).toEqual(['SYNC_HELD_USER_THRESHOLD', 'SYNC_HELD_DEPARTMENT_THRESHOLD']);
  });

  it('holds an empty org and a narrowed scope, both approvable', () => {
    const empty = holdReasons({ ...base, listedUsers: 0, changeSet: changeSet(['a']) });
    expect(empty).toEqual([
      { code: 'SYNC_HELD_EMPTY_ORG', params: { count: 100 }, approvable: true },
    ]);
    const narrowed = holdReasons({ ...base, scopeChanged: true, changeSet: changeSet(['a']) });
    expect(narrowed).toEqual([
      { code: 'SYNC_HELD_SCOPE_NARROWED', params: { count: 1 }, approvable: true },
    ]);
    expect(holdReasons({ ...base, scopeChanged: true, changeSet: changeSet([]) })).toEqual([]);
  });

  it('in an approval run weighs only the removals beyond the approved ones', () => {
    const approved = { userIds: new Set(['a', 'b', 'c', 'd']), departmentIds: new Set<string>() };
    const cs = changeSet(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(
      holdReasons({ ...base, listedUsers: 0, scopeChanged: true, changeSet: cs, approved }),
    ).toEqual([]);
    const more = changeSet(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(holdReasons({ ...base, changeSet: more, approved })).toEqual([
      { code: 'SYNC_HELD_USER_THRESHOLD', params: { count: 3, limit: 2 }, approvable: true },
    ]);
  });

  it('compares scope settings regardless of order', () => {
    expect(sameScope({ kind: 'all' }, { kind: 'all' })).toBe(true);
    expect(
      sameScope(
        { kind: 'departments', department_ids: ['b', 'a'] },
        { kind: 'departments', department_ids: ['a', 'b'] },
      ),
    ).toBe(true);
    expect(sameScope({ kind: 'all' }, { kind: 'departments', department_ids: ['a'] })).toBe(false);
  });
});
