import { describe, expect, it } from 'vitest';
import { departmentSchema } from '../../../../control-plane/feishu/schemas.ts';
import { mapDepartments } from '../../../../control-plane/sync/map-departments.ts';

const d = (id: string, parent: string, over: Record<string, unknown> = {}) =>
  departmentSchema.parse({
    open_department_id: id,
    department_id: `D-${id}`,
    name: `Dept ${id}`,
    parent_department_id: parent,
    order: '3',
    leaders: [{ leaderType: 1, leaderID: `ou_lead_${id}` }],
    ...over,
  });

describe('mapping Feishu departments', () => {
  it('materialises ancestor paths whatever order the departments come in', () => {
    const out = mapDepartments([d('od-c', 'od-b'), d('od-a', '0'), d('od-b', 'od-a')]);
    const byId = Object.fromEntries(out.map((x) => [x.openDepartmentId, x]));
    expect(byId['od-a']).toMatchObject({
      path: '/od-a/',
      parentOpenDepartmentId: '0',
      sortOrder: 3,
    });
    expect(byId['od-b']!.path).toBe('/od-a/od-b/');
    expect(byId['od-c']!.path).toBe('/od-a/od-b/od-c/');
    expect(byId['od-c']!.leaderOpenId).toBe('ou_lead_od-c');
  });

  it('hangs the top of a synced subtree under the root', () => {
    const out = mapDepartments([d('od-sel', 'od-unsynced'), d('od-child', 'od-sel')]);
    expect(out.map((x) => [x.openDepartmentId, x.parentOpenDepartmentId, x.path])).toEqual([
      ['od-sel', '0', '/od-sel/'],
      ['od-child', 'od-sel', '/od-sel/od-child/'],
    ]);
  });

  it('survives a cycle in what Feishu sent and drops deleted departments', () => {
    const out = mapDepartments([
      d('od-x', 'od-y'),
      d('od-y', 'od-x'),
      d('od-gone', '0', { status: { is_deleted: true } }),
    ]);
    expect(out.map((x) => x.openDepartmentId).sort()).toEqual(['od-x', 'od-y']);
    for (const x of out) expect(x.path).toMatch(/^\/(od-[xy]\/)+$/);
  });
});
