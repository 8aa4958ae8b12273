import { describe, expect, it } from 'vitest';
import {
  planDepartmentUpsert,
  type KnownDepartment,
} from '../../../../control-plane/events/department-event-plan.ts';

const dept = (
  id: string,
  path: string,
  parent = '0',
  extra: Partial<KnownDepartment> = {},
): KnownDepartment => ({
  id: `row-${id}`,
  openDepartmentId: id,
  departmentId: `d-${id}`,
  name: `Dept ${id}`,
  i18nName: { en_us: `Dept ${id}` },
  parentOpenDepartmentId: parent,
  path,
  leaderOpenId: null,
  sortOrder: 0,
  status: 'active',
  ...extra,
});

const all = { kind: 'all' as const };

describe('department event plan', () => {
  it('places a new department under the root or under its synced parent', () => {
    const top = planDepartmentUpsert({
      scope: all,
      event: { open_department_id: 'od-a', name: 'A', parent_department_id: '0', order: 3 },
      self: undefined,
      parent: undefined,
      descendants: [],
    });
    expect(top).toEqual({
      kind: 'upsert',
      records: [
        {
          openDepartmentId: 'od-a',
          departmentId: null,
          name: 'A',
          i18nName: {},
          parentOpenDepartmentId: '0',
          path: '/od-a/',
          leaderOpenId: null,
          sortOrder: 3,
        },
      ],
    });
    const child = planDepartmentUpsert({
      scope: all,
      event: {
        open_department_id: 'od-b',
        name: 'B',
        parent_department_id: 'od-a',
        leader_user_id: 'ou_l',
      },
      self: undefined,
      parent: dept('od-a', '/od-a/'),
      descendants: [],
    });
    expect(child.kind === 'upsert' && child.records[0]).toMatchObject({
      parentOpenDepartmentId: 'od-a',
      path: '/od-a/od-b/',
      leaderOpenId: 'ou_l',
    });
  });

  it('says when the parent is not synced yet', () => {
    expect(
      planDepartmentUpsert({
        scope: all,
        event: { open_department_id: 'od-b', parent_department_id: 'od-x' },
        self: undefined,
        parent: undefined,
        descendants: [],
      }),
    ).toEqual({ kind: 'parent_unknown', parentOpenDepartmentId: 'od-x' });
  });

  it('rewrites the path of a moved department and of everything below it', () => {
    const self = dept('od-b', '/od-a/od-b/', 'od-a');
    const plan = planDepartmentUpsert({
      scope: all,
      event: { open_department_id: 'od-b', name: 'B', parent_department_id: 'od-c' },
      self,
      parent: dept('od-c', '/od-c/'),
      descendants: [
        dept('od-d', '/od-a/od-b/od-d/', 'od-b'),
        dept('od-e', '/od-a/od-b/od-d/od-e/', 'od-d'),
        dept('od-z', '/od-a/od-b/od-z/', 'od-b', { status: 'deleted' }),
      ],
    });
    expect(plan.kind).toBe('upsert');
    if (plan.kind !== 'upsert') return;
    expect(plan.records.map((r) => [r.openDepartmentId, r.path, r.parentOpenDepartmentId])).toEqual(
      [
        ['od-b', '/od-c/od-b/', 'od-c'],
        ['od-d', '/od-c/od-b/od-d/', 'od-b'],
        ['od-e', '/od-c/od-b/od-d/od-e/', 'od-d'],
      ],
    );
    // Events have no i18n_name: the synced one stays.
    expect(plan.records[0]!.i18nName).toEqual({ en_us: 'Dept od-b' });
  });

  it('keeps parent and leader when the app may not read the organisation', () => {
    const self = dept('od-b', '/od-a/od-b/', 'od-a', { leaderOpenId: 'ou_boss', sortOrder: 7 });
    const plan = planDepartmentUpsert({
      scope: all,
      event: { open_department_id: 'od-b', name: 'B renamed' },
      self,
      parent: dept('od-a', '/od-a/'),
      descendants: [],
    });
    expect(plan.kind === 'upsert' && plan.records).toEqual([
      expect.objectContaining({
        name: 'B renamed',
        path: '/od-a/od-b/',
        leaderOpenId: 'ou_boss',
        sortOrder: 7,
      }),
    ]);
  });

  it('follows selected subtrees: tops hang under "0", outsiders are out of scope', () => {
    const scope = { kind: 'departments' as const, department_ids: ['od-s'] };
    const top = planDepartmentUpsert({
      scope,
      event: { open_department_id: 'od-s', parent_department_id: 'od-up' },
      self: undefined,
      parent: undefined,
      descendants: [],
    });
    expect(top.kind === 'upsert' && top.records[0]).toMatchObject({
      parentOpenDepartmentId: '0',
      path: '/od-s/',
    });
    expect(
      planDepartmentUpsert({
        scope,
        event: { open_department_id: 'od-x', parent_department_id: '0' },
        self: undefined,
        parent: undefined,
        descendants: [],
      }),
    ).toEqual({ kind: 'out_of_scope', known: false });
    // A synced department moved to a top-level spot outside the subtrees.
    expect(
      planDepartmentUpsert({
        scope,
        event: { open_department_id: 'od-c', parent_department_id: '0' },
        self: dept('od-c', '/od-s/od-c/', 'od-s'),
        parent: undefined,
        descendants: [],
      }),
    ).toEqual({ kind: 'out_of_scope', known: true });
  });
});
