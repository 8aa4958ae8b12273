import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { seedDirectory } from '../../fixtures/directory-rows.ts';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  tenantWithAdmin,
  type Session,
  type TestApp,
} from '../../fixtures/control-plane-app.ts';

// Root
// ├── od-eng  Engineering        (alice, bob)
// │   ├── od-be  Backend         (carol, bob)
// │   │   └── od-db Databases    (dave)
// │   └── od-fe  Frontend        (erin)
// └── od-ops  Operations         (frank, 周杰)
// and grace directly under the root.
const departments = [
  { id: 'od-eng', name: 'Engineering', parent: '0' },
  { id: 'od-ops', name: 'Operations', parent: '0' },
  { id: 'od-be', name: 'Backend', parent: 'od-eng' },
  { id: 'od-fe', name: 'Frontend', parent: 'od-eng' },
  { id: 'od-db', name: 'Databases', parent: 'od-be' },
];
const users = [
  {
    openId: 'ou_alice',
    name: 'Alice',
    email: 'alice@corp.example',
    userId: 'u100',
    departments: ['od-eng'],
  },
  {
    openId: 'ou_bob',
    name: 'Bob',
    email: 'bob@corp.example',
    userId: 'u101',
    departments: ['od-eng', 'od-be'],
  },
  {
    openId: 'ou_carol',
    name: 'Carol',
    email: 'carol@corp.example',
    userId: 'u102',
    departments: ['od-be'],
  },
  {
    openId: 'ou_dave',
    name: 'Dave',
    email: 'dave@corp.example',
    userId: 'u103',
    departments: ['od-db'],
  },
  {
    openId: 'ou_erin',
    name: 'Erin',
    email: 'erin_x@corp.example',
    userId: 'u104',
    departments: ['od-fe'],
    status: 'disabled' as const,
  },
  {
    openId: 'ou_frank',
    name: 'Frank',
    email: 'frank@corp.example',
    userId: 'u105',
    departments: ['od-ops'],
  },
  {
    openId: 'ou_zhou',
    name: '周杰',
    email: 'zhou@corp.example',
    userId: 'u106',
    departments: ['od-ops'],
  },
  {
    openId: 'ou_grace',
    name: 'Grace',
    email: 'grace@corp.example',
    userId: 'u107',
    departments: ['0'],
  },
];

describe.each(engines)('directory browsing on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: Session;
  let base: string;
  let ids: Map<string, string>;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    const root = await loginPlatform(t.app);
    const tw = await tenantWithAdmin(t.app, root);
    admin = tw.session;
    const source = (
      await admin.post(`${API}/tenants/${tw.tenant.id}/identity-sources`, sourceBody())
    ).json();
    base = `${API}/tenants/${tw.tenant.id}/identity-sources/${source.id}/directory`;
    ids = await seedDirectory(database.db, source.id, departments, users);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const names = (res: { json(): { items: { name: string }[] } }) =>
    res.json().items.map((i) => i.name);

  it('lists the root’s children with child and member counts, then a subtree level', async () => {
    const top = await admin.get(`${base}/departments`);
    expect(top.statusCode).toBe(200);
    expect(top.json().items).toEqual([
      expect.objectContaining({
        open_department_id: 'od-eng',
        name: 'Engineering',
        child_count: 2,
        member_count: 2,
      }),
      expect.objectContaining({
        open_department_id: 'od-ops',
        name: 'Operations',
        child_count: 0,
        member_count: 2,
      }),
    ]);
    expect(names(await admin.get(`${base}/departments?parent_id=od-eng`))).toEqual([
      'Backend',
      'Frontend',
    ]);
    expect((await admin.get(`${base}/departments?parent_id=od-nope`)).json().error.code).toBe(
      'DIRECTORY_DEPARTMENT_NOT_FOUND',
    );
  });

  it('shows a department with its path from the root', async () => {
    const res = await admin.get(`${base}/departments/od-db`);
    expect(res.json()).toMatchObject({ name: 'Databases', parent_open_department_id: 'od-be' });
    expect(res.json().path.map((p: { name: string }) => p.name)).toEqual([
      'Engineering',
      'Backend',
      'Databases',
    ]);
  });

  it('lists users of a department directly or with its whole subtree, each once', async () => {
    expect(names(await admin.get(`${base}/users?department_id=od-eng&subtree=false`))).toEqual([
      'Alice',
      'Bob',
    ]);
    const subtree = await admin.get(`${base}/users?department_id=od-eng`);
    expect(names(subtree)).toEqual(['Alice', 'Bob', 'Carol', 'Dave', 'Erin']);
    expect(subtree.json().total).toBe(5);
    expect(names(await admin.get(`${base}/users?department_id=od-be`))).toEqual([
      'Bob',
      'Carol',
      'Dave',
    ]);
    expect(names(await admin.get(`${base}/users?department_id=0&subtree=false`))).toEqual([
      'Grace',
    ]);
    expect((await admin.get(`${base}/users?department_id=0`)).json().total).toBe(8);
    expect((await admin.get(`${base}/users`)).json().total).toBe(8);
  });

  it('searches by name or email prefix (case-insensitive, wildcards literal) and exact user_id', async () => {
    expect(names(await admin.get(`${base}/users?q=al`))).toEqual(['Alice']);
    expect(names(await admin.get(`${base}/users?q=CAROL%40`))).toEqual(['Carol']);
    expect(names(await admin.get(`${base}/users?q=${encodeURIComponent('周')}`))).toEqual(['周杰']);
    expect(names(await admin.get(`${base}/users?q=u105`))).toEqual(['Frank']);
    expect(names(await admin.get(`${base}/users?q=%25`))).toEqual([]);
    expect(names(await admin.get(`${base}/users?q=erin_`))).toEqual(['Erin']);
    expect(names(await admin.get(`${base}/users?q=e_in`))).toEqual([]);
    expect(names(await admin.get(`${base}/users?department_id=od-eng&q=d`))).toEqual(['Dave']);
    expect(names(await admin.get(`${base}/users?status=disabled`))).toEqual(['Erin']);
  });

  it('pages on the server with a stable order', async () => {
    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(await admin.get(`${base}/users?page_size=3&page=${page}`));
    expect(pages.map(names)).toEqual([
      ['Alice', 'Bob', 'Carol'],
      ['Dave', 'Erin', 'Frank'],
      ['Grace', '周杰'],
    ]);
    expect(pages[2]!.json()).toMatchObject({ total: 8, page: 3, page_size: 3 });
  });

  it('shows one user with departments and mapped attributes', async () => {
    const res = await admin.get(`${base}/users/${ids.get('ou_bob')}`);
    expect(res.json()).toMatchObject({
      open_id: 'ou_bob',
      union_id: 'on_bob',
      user_id: 'u101',
      name: 'Bob',
      attributes: { display_name: 'Bob' },
      departments: [
        { open_department_id: 'od-eng', name: 'Engineering', is_primary: true },
        { open_department_id: 'od-be', name: 'Backend', is_primary: false },
      ],
    });
    expect((await admin.get(`${base}/users/${crypto.randomUUID()}`)).json().error.code).toBe(
      'DIRECTORY_USER_NOT_FOUND',
    );
  });
});
