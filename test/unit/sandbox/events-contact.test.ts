import { beforeEach, describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../sandbox/clock.ts';
import { eventsForChange, type AppEvent } from '../../../sandbox/events/contact-events.ts';
import { OrgStore, ROOT, type OrgChange } from '../../../sandbox/org/org-store.ts';
import type { SandboxApp, SandboxUser } from '../../../sandbox/org/types.ts';
import { buildWorld, type World } from '../../../sandbox/org/world.ts';

type Json = Record<string, unknown>;

let store: OrgStore;
let clock: SandboxClock;
let world: World;
let feishu: SandboxApp;
let lark: SandboxApp;
let other: SandboxApp;
let changes: OrgChange[];

const subscribe = (app: SandboxApp, eventTypes: string[] = []) =>
  store.updateApp(app.appId, {
    subscription: { requestUrl: 'http://127.0.0.1:1/hook', eventTypes },
  });

/** Events of the changes since the last call (built right away, as the plugin does). */
let pending: AppEvent[] = [];
const take = () => pending.splice(0);
const forApp = (events: AppEvent[], app: SandboxApp) => events.filter((e) => e.appId === app.appId);
const eventOf = (e: AppEvent | undefined) => e?.envelope.event as Json;

/** An active ordinary member of a department at depth 2 (not a leader, not at the root). */
function member(): SandboxUser {
  for (const u of store.users.values()) {
    if (u.tenantKey !== world.tenantKey || u.deleted || u.status.is_frozen) continue;
    const d = store.departments.get(u.departmentKeys[0] ?? '');
    if (d && d.parentKey !== ROOT && d.leaderUserKey !== u.key && u.departmentKeys.length === 1) {
      return u;
    }
  }
  throw new Error('no member found');
}

beforeEach(async () => {
  clock = new SandboxClock();
  store = new OrgStore(clock);
  world = await buildWorld(store, 'small', 7);
  const apps = world.apps.map((a) => store.requireApp(a.app_id));
  [feishu, lark, other] = apps as [SandboxApp, SandboxApp, SandboxApp];
  changes = [];
  pending = [];
  store.onChange((c) => {
    changes.push(c);
    pending.push(...eventsForChange(store, c, clock.now()));
  });
});

describe('contact events from org changes', () => {
  it('user.updated: v2 envelope per subscribed app, open ids, old_object = changed fields', () => {
    subscribe(feishu);
    subscribe(lark);
    const user = member();
    const oldTitle = user.jobTitle;
    store.updateUser(user.key, { jobTitle: '首席架构师' });
    const events = take();
    expect(events.map((e) => e.appId).sort()).toEqual([feishu.appId, lark.appId].sort());
    for (const app of [feishu, lark]) {
      const e = forApp(events, app)[0];
      expect(e?.envelope.schema).toBe('2.0');
      expect(e?.envelope.header).toEqual({
        event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        event_type: 'contact.user.updated_v3',
        create_time: expect.stringMatching(/^\d{13}$/),
        token: app.verificationToken,
        app_id: app.appId,
        tenant_key: world.tenantKey,
      });
      const body = eventOf(e);
      const object = body.object as Json;
      expect(object.open_id).toBe(store.openIds.openIdFor(app.appId, user.key));
      expect(object.job_title).toBe('首席架构师');
      expect(object.department_ids).toEqual(
        user.departmentKeys.map((k) => store.departments.get(k)?.openDepartmentId),
      );
      expect(body.old_object).toEqual({ job_title: oldTitle });
    }
    // the same person has a different open_id in each app
    const ids = events.map((e) => (eventOf(e).object as Json).open_id);
    expect(new Set(ids).size).toBe(2);
  });

  it('user.deleted: object without department_ids, departments in old_object', () => {
    subscribe(feishu);
    const user = member();
    store.resignUser(user.key);
    const [e] = take();
    expect(e?.envelope.header.event_type).toBe('contact.user.deleted_v3');
    const body = eventOf(e);
    expect((body.object as Json).department_ids).toBeUndefined();
    expect((body.object as Json).status).toMatchObject({ is_resigned: true });
    expect(body.old_object).toEqual({
      department_ids: user.departmentKeys.map((k) => store.departments.get(k)?.openDepartmentId),
      open_id: store.openIds.openIdFor(feishu.appId, user.key),
    });
  });

  it('department created, renamed, deleted', () => {
    subscribe(feishu);
    const parent = [...store.departments.values()].find(
      (d) => d.tenantKey === world.tenantKey && d.parentKey === ROOT,
    );
    const dept = store.addDepartment({
      tenantKey: world.tenantKey,
      departmentId: 'new-team',
      name: '新团队',
      i18nName: { zh_cn: '新团队', en_us: 'New Team' },
      parentKey: parent?.key ?? ROOT,
      order: 99_000,
      unitIds: [],
      hrbpUserKeys: [],
    });
    const [created] = take();
    expect(created?.envelope.header.event_type).toBe('contact.department.created_v3');
    expect(eventOf(created).object).toMatchObject({
      department_id: 'new-team',
      open_department_id: dept.openDepartmentId,
      parent_department_id: parent?.openDepartmentId,
      order: 99_000,
      status: { is_deleted: false },
    });

    store.updateDepartment(dept.key, { name: '更新团队' });
    const [updated] = take();
    expect(updated?.envelope.header.event_type).toBe('contact.department.updated_v3');
    expect((eventOf(updated).object as Json).name).toBe('更新团队');
    expect((eventOf(updated).old_object as Json).name).toBe('新团队');

    store.deleteDepartment(dept.key);
    const [deleted] = take();
    expect(deleted?.envelope.header.event_type).toBe('contact.department.deleted_v3');
    expect((eventOf(deleted).object as Json).status).toEqual({ is_deleted: true });
    expect(eventOf(deleted).old_object).toEqual({
      status: { is_deleted: false },
      open_department_id: dept.openDepartmentId,
    });
  });

  it('only apps whose contact range holds the object, before or after the change', () => {
    const user = member();
    const home = user.departmentKeys[0] ?? '';
    const elsewhere = [...store.departments.values()].find(
      (d) =>
        d.tenantKey === world.tenantKey &&
        !store.ancestorsOf(d.key).some((k) => store.ancestorsOf(home).includes(k)),
    );
    if (!elsewhere) throw new Error('no disjoint department');
    store.setContactRange(feishu.appId, {
      kind: 'partial',
      departmentKeys: [home],
      userKeys: [],
    });
    subscribe(feishu);
    take();
    const outsider = [...store.users.values()].find(
      (u) => u.tenantKey === world.tenantKey && !u.deleted && !store.userInRange(feishu, u),
    );
    store.updateUser(outsider?.key ?? '', { city: '拉萨' });
    expect(take()).toEqual([]);
    // moving out of the range is still news for the app that saw the user before
    store.updateUser(user.key, { departmentKeys: [elsewhere.key] });
    const [moved] = take();
    expect(moved?.envelope.header.event_type).toBe('contact.user.updated_v3');
    expect(Object.keys(eventOf(moved).old_object as Json)).toContain('department_ids');
    // and once outside, its changes are not
    store.updateUser(user.key, { city: '拉萨' });
    expect(take()).toEqual([]);
  });

  it('no subscription, another tenant, unsubscribed types or no contact scope: no events', () => {
    subscribe(other);
    subscribe(lark, ['contact.department.created_v3']);
    const user = member();
    store.updateUser(user.key, { jobTitle: 'x' });
    expect(take()).toEqual([]);
    subscribe(feishu);
    store.updateApp(feishu.appId, {
      scopes: feishu.scopes.filter((s) => s !== 'contact:contact.base:readonly'),
    });
    store.updateUser(user.key, { jobTitle: 'y' });
    expect(take()).toEqual([]);
  });

  it('a change the app cannot see is no event for it', () => {
    subscribe(feishu);
    store.updateUser(member().key, { password: 'changed' });
    expect(changes).toHaveLength(1);
    expect(take()).toEqual([]);
  });

  it('scope.updated lists the departments and users added and removed', () => {
    subscribe(feishu);
    subscribe(lark);
    const topLevel = store.childrenOf(world.tenantKey, ROOT);
    const rootMembers = store.membersOf(world.tenantKey, ROOT);
    const deep = [...store.departments.values()].find(
      (d) => d.tenantKey === world.tenantKey && d.parentKey !== ROOT,
    );
    const someone = member();
    store.setContactRange(feishu.appId, {
      kind: 'partial',
      departmentKeys: [deep?.key ?? ''],
      userKeys: [someone.key],
    });
    const events = take();
    expect(events).toHaveLength(1); // only the app whose range changed
    const [e] = events;
    expect(e?.appId).toBe(feishu.appId);
    expect(e?.envelope.header.event_type).toBe('contact.scope.updated_v3');
    const body = eventOf(e) as {
      added: { departments: Json[]; users: Json[]; user_groups: unknown[] };
      removed: { departments: Json[]; users: Json[]; user_groups: unknown[] };
    };
    expect(body.added.departments.map((d) => d.open_department_id)).toEqual([
      deep?.openDepartmentId,
    ]);
    expect(body.added.departments[0]).toMatchObject({
      order: String(deep?.order),
      member_count: expect.any(Number),
      i18n_name: expect.any(Object),
    });
    expect(body.added.users.map((u) => u.union_id)).toEqual([someone.unionId]);
    expect(body.removed.departments.map((d) => d.open_department_id).sort()).toEqual(
      topLevel.map((d) => d.openDepartmentId).sort(),
    );
    expect(body.removed.users.map((u) => u.union_id).sort()).toEqual(
      rootMembers.map((u) => u.unionId).sort(),
    );
    expect(body.added.user_groups).toEqual([]);
  });
});
