// The source's settings at work: a partial scope (selected subtrees), a custom field mapping
// with a custom attribute, and the matching rule that links an existing account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../../../control-plane/storage/schema.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { seedDirectory } from '../../../fixtures/directory-rows.ts';
import { directoryUsers, membershipsOf, startSyncWorld } from './sync-fixture.ts';

describe.each(engines)('sync settings on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open();
  });
  afterAll(async () => database?.close());

  it('syncs only the selected subtree, rooted at the top of the directory tree', async () => {
    const w = await startSyncWorld(database.db);
    try {
      const store = w.sb.ctx.store;
      const tenantKey = w.sb.world.tenantKey;
      const top = [...store.departments.values()].find(
        (d) =>
          d.tenantKey === tenantKey &&
          d.parentKey === '0' &&
          store.descendantsOf(tenantKey, d.key).length > 0,
      )!;
      const subtree = [top, ...store.descendantsOf(tenantKey, top.key)];
      await w.setSource({
        scope: json({ kind: 'departments', department_ids: [top.openDepartmentId] }),
      });
      const run = await w.sync();
      expect(run.status).toBe('succeeded');
      const depts = await w.db
        .selectFrom('directory_departments')
        .selectAll()
        .where('source_id', '=', w.sourceId)
        .execute();
      expect(depts.map((d) => d.open_department_id).sort()).toEqual(
        subtree.map((d) => d.openDepartmentId).sort(),
      );
      const root = depts.find((d) => d.open_department_id === top.openDepartmentId)!;
      expect(root).toMatchObject({
        parent_open_department_id: '0',
        path: `/${top.openDepartmentId}/`,
      });
      for (const d of depts) expect(d.path.startsWith(root.path)).toBe(true);

      const keys = new Set(subtree.map((d) => d.key));
      const expected = w.liveUsers().filter((u) => u.departmentKeys.some((k) => keys.has(k)));
      const users = await directoryUsers(w.db, w.sourceId);
      expect([...users.keys()].sort()).toEqual(expected.map(w.openIdOf).sort());
      // Someone also in a department outside the subtree keeps only the memberships inside it.
      const straddler = expected.find((u) => u.departmentKeys.some((k) => !keys.has(k)))!;
      expect(straddler).toBeDefined();
      const ms = await membershipsOf(w.db, users.get(w.openIdOf(straddler))!.id);
      const inside = new Set(subtree.map((d) => d.openDepartmentId));
      expect(ms.length).toBeGreaterThan(0);
      expect(ms.every((m) => inside.has(m.open_department_id))).toBe(true);
    } finally {
      await w.close();
    }
  });

  it('applies a custom field mapping, custom attributes included', async () => {
    const w = await startSyncWorld(database.db, { sandbox: { org: 'tiny' } });
    try {
      const someone = w.liveUsers().find((u) => !u.status.is_frozen && u.customAttrs.length > 0)!;
      const attr = someone.customAttrs[0]!;
      await w.setSource({
        field_mapping: json({
          attributes: [
            { from: 'email', to: 'username' },
            { from: 'en_name', to: 'display_name' },
            { from: `custom_attrs.${attr.id}`, to: 'attributes.cost_center' },
            { from: 'city', to: 'attributes.city' },
          ],
          matching: { account_field: 'username', feishu_field: 'email' },
        }),
      });
      expect((await w.sync()).status).toBe('succeeded');
      const row = (await directoryUsers(w.db, w.sourceId)).get(w.openIdOf(someone))!;
      expect(row).toMatchObject({ username: someone.email, user_id: someone.userId, email: null });
      expect(row.attributes).toEqual({
        username: someone.email,
        display_name: someone.enName,
        'attributes.cost_center': attr.value.text,
        'attributes.city': someone.city,
      });
      expect(row.profile).toMatchObject({
        user_id: someone.userId,
        email: someone.email,
        job_title: someone.jobTitle,
      });
    } finally {
      await w.close();
    }
  });

  it('links an existing account by the matching rule instead of creating a second one', async () => {
    const w = await startSyncWorld(database.db, { sandbox: { org: 'tiny' } });
    try {
      const person = w.liveUsers().find((u) => !u.status.is_frozen)!;
      // An account that exists before the first sync (another app's ids), named by user_id.
      const ids = await seedDirectory(
        w.db,
        w.sourceId,
        [],
        [{ openId: 'ou_legacy_account', name: 'Legacy', userId: person.userId, departments: [] }],
      );
      const legacyId = ids.get('ou_legacy_account')!;
      const run = await w.sync();
      expect(run.status).toBe('succeeded');
      const users = await directoryUsers(w.db, w.sourceId);
      expect(users.size).toBe(w.liveUsers().length);
      const linked = users.get(w.openIdOf(person))!;
      expect(linked.id).toBe(legacyId);
      expect(linked).toMatchObject({
        name: person.name,
        username: person.userId,
        status: 'active',
      });
      expect(users.has('ou_legacy_account')).toBe(false);
    } finally {
      await w.close();
    }
  });
});
