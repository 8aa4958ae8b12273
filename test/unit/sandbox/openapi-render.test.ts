import { describe, expect, it } from 'vitest';
import {
  departmentRef,
  renderEventDepartment,
  renderEventUser,
  renderRestDepartment,
  renderRestUser,
  userRef,
} from '../../../sandbox/org/render.ts';
import { buildTestOrg, makeApp } from './openapi-test-world.ts';

const ALL_FIELDS = [
  'contact:contact.base:readonly',
  'contact:department.base:readonly',
  'contact:department.organize:readonly',
  'contact:department.hrbp:readonly',
  'contact:user.base:readonly',
  'contact:user.department:readonly',
  'contact:user.employee:readonly',
  'contact:user.employee_id:readonly',
  'contact:user.email:readonly',
  'contact:user.phone:readonly',
];

describe('render: id references', () => {
  it('open_id is app-scoped, union_id and user_id are not', () => {
    const { store, users } = buildTestOrg();
    const a = makeApp(store, 'cli_a', ALL_FIELDS);
    const b = makeApp(store, 'cli_b', ALL_FIELDS);
    const oa = userRef(store, a, users.alice.key, 'open_id');
    const ob = userRef(store, b, users.alice.key, 'open_id');
    expect(oa).toMatch(/^ou_[0-9a-f]{32}$/);
    expect(ob).toMatch(/^ou_[0-9a-f]{32}$/);
    expect(oa).not.toBe(ob);
    expect(userRef(store, a, users.alice.key, 'union_id')).toBe(users.alice.unionId);
    expect(userRef(store, b, users.alice.key, 'user_id')).toBe('uid_alice');
    expect(userRef(store, a, 'nope', 'open_id')).toBeUndefined();
  });

  it('departments render in either id type, root is "0" in both', () => {
    const { store, depts } = buildTestOrg();
    expect(departmentRef(store, '0', 'department_id')).toBe('0');
    expect(departmentRef(store, '0', 'open_department_id')).toBe('0');
    expect(departmentRef(store, depts.eng.key, 'department_id')).toBe('D_eng');
    expect(departmentRef(store, depts.eng.key, 'open_department_id')).toMatch(/^od-[0-9a-f]{32}$/);
  });
});

describe('render: REST department', () => {
  it('has order as a string, hrbps as ids, counts including sub-departments', () => {
    const { store, depts } = buildTestOrg();
    const app = makeApp(store, 'cli_a', ALL_FIELDS);
    const d = renderRestDepartment(store, depts.eng, app, {
      userIdType: 'user_id',
      departmentIdType: 'department_id',
    });
    expect(d.order).toBe('1');
    expect(d.department_hrbps).toEqual(['uid_bob']);
    expect(d.leader_user_id).toBe('uid_alice');
    expect(d.leaders).toEqual([{ leaderType: 1, leaderID: 'uid_alice' }]);
    expect(d.parent_department_id).toBe('0');
    expect(d.open_department_id).toBe(depts.eng.openDepartmentId);
    expect(d.department_id).toBe('D_eng');
    // alice (eng), bob (backend), carol (frontend primary + sales)
    expect(d.member_count).toBe(3);
    expect(d.primary_member_count).toBe(3);
    const sales = renderRestDepartment(store, depts.sales, app);
    expect(sales.member_count).toBe(2); // carol (secondary) and dave
    expect(sales.primary_member_count).toBe(1);
    const backend = renderRestDepartment(store, depts.backend, app);
    expect(backend.parent_department_id).toBe(depts.eng.openDepartmentId);
  });

  it('counts follow org changes', () => {
    const { store, depts, users } = buildTestOrg();
    const app = makeApp(store, 'cli_a', ALL_FIELDS);
    expect(renderRestDepartment(store, depts.sales, app).member_count).toBe(2);
    store.resignUser(users.dave.key);
    expect(renderRestDepartment(store, depts.sales, app).member_count).toBe(1);
  });

  it('drops fields whose scope is missing, keeps open_department_id', () => {
    const { store, depts } = buildTestOrg();
    const bare = makeApp(store, 'cli_bare', ['contact:contact.base:readonly']);
    expect(renderRestDepartment(store, depts.eng, bare)).toEqual({
      open_department_id: depts.eng.openDepartmentId,
    });
    const base = makeApp(store, 'cli_base', ['contact:department.base:readonly']);
    const d = renderRestDepartment(store, depts.eng, base);
    expect(d.name).toBe('Engineering');
    expect(d).not.toHaveProperty('order');
    expect(d).not.toHaveProperty('parent_department_id');
    expect(d).not.toHaveProperty('department_hrbps');
  });

  it('a broad scope unlocks every field', () => {
    const { store, depts } = buildTestOrg();
    const app = makeApp(store, 'cli_broad', ['contact:contact:readonly_as_app']);
    const d = renderRestDepartment(store, depts.eng, app);
    for (const f of ['name', 'order', 'parent_department_id', 'member_count', 'department_hrbps'])
      expect(d).toHaveProperty(f);
  });
});

describe('render: REST user', () => {
  it('renders ids in the requested types and gates every field group', () => {
    const { store, users } = buildTestOrg();
    const app = makeApp(store, 'cli_a', ALL_FIELDS);
    const u = renderRestUser(store, users.bob, app, {
      userIdType: 'union_id',
      departmentIdType: 'department_id',
    });
    expect(u.department_ids).toEqual(['D_backend']);
    expect(u.leader_user_id).toBe(users.alice.unionId);
    expect(u.orders).toEqual([
      { department_id: 'D_backend', user_order: 0, department_order: 0, is_primary_dept: true },
    ]);
    expect(u.is_frozen).toBe(false);
    expect(u.email).toBe('bob@example.com');
    expect(u.user_id).toBe('uid_bob');
    expect(u).not.toHaveProperty('department_path');
    expect(u).not.toHaveProperty('positions');

    const bare = makeApp(store, 'cli_bare', ['contact:contact.base:readonly']);
    expect(Object.keys(renderRestUser(store, users.bob, bare)).sort()).toEqual([
      'open_id',
      'union_id',
    ]);
    const ceo = renderRestUser(store, users.ceo, app);
    expect(ceo.department_ids).toEqual(['0']);
  });

  it('status needs user.employee, not user.base', () => {
    const { store, users } = buildTestOrg();
    const app = makeApp(store, 'cli_base', ['contact:user.base:readonly']);
    const u = renderRestUser(store, users.alice, app);
    expect(u.name).toBe('alice');
    expect(u).not.toHaveProperty('status');
    expect(u).not.toHaveProperty('email');
    expect(u).not.toHaveProperty('user_id');
  });
});

describe('render: event shapes', () => {
  it('event users use open ids, drop REST-only fields and add positions and time_zone', () => {
    const { store, users, depts } = buildTestOrg();
    const app = makeApp(store, 'cli_a', ALL_FIELDS);
    const u = renderEventUser(store, users.bob, app);
    expect(u.department_ids).toEqual([depts.backend.openDepartmentId]);
    expect(u.leader_user_id).toBe(store.openIds.openIdFor(app.appId, users.alice.key));
    expect(u.time_zone).toBe('Asia/Shanghai');
    expect(u.positions).toEqual([]);
    for (const f of ['is_frozen', 'geo', 'department_path']) expect(u).not.toHaveProperty(f);
  });

  it('event departments have an int order and hrbp objects', () => {
    const { store, users, depts } = buildTestOrg();
    const app = makeApp(store, 'cli_a', ALL_FIELDS);
    const d = renderEventDepartment(store, depts.eng, app);
    expect(d.order).toBe(1);
    expect(d.department_hrbps).toEqual([
      {
        union_id: users.bob.unionId,
        open_id: store.openIds.openIdFor(app.appId, users.bob.key),
        user_id: 'uid_bob',
      },
    ]);
    expect(d.leaders).toEqual([
      { leaderType: 1, leaderID: store.openIds.openIdFor(app.appId, users.alice.key) },
    ]);
    expect(d).not.toHaveProperty('member_count');
    const backend = renderEventDepartment(store, depts.backend, app);
    expect(backend.parent_department_id).toBe(depts.eng.openDepartmentId);
  });
});
