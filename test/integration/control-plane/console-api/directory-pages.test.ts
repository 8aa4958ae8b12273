// The console's directory lists at a size where paging matters: 10,100 users (more than the
// counting cap), names shared by several people (the id breaks ties), users in two departments
// of one subtree (listed once), keyset walks that must see every row exactly once, and the
// refusals of bad cursors and too-deep numbered pages, in both languages.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  tenantWithAdmin,
  type Session,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { seedDirectory } from '../../../fixtures/directory-rows.ts';

const N = 10_100;
// Generated rows, described the same way in SQL (below) and here (what the answers should be).
const nameOf = (i: number) => `Person ${String(i % 4000).padStart(4, '0')}`;
const inSubtreeA = (i: number) => i % 3 !== 2 || i % 7 === 0;
const isActive = (i: number) => i % 10 !== 0;

async function seedBulk(database: TestDatabase, sourceId: string) {
  await seedDirectory(
    database.db,
    sourceId,
    [
      { id: 'od-a', name: 'Alpha', parent: '0' },
      { id: 'od-a1', name: 'Alpha One', parent: 'od-a' },
      { id: 'od-b', name: 'Beta', parent: '0' },
      { id: 'od-b-sales', name: 'Sales', parent: 'od-b' },
      { id: 'od-a-sales', name: 'Sales', parent: 'od-a1' },
    ],
    [],
  );
  await sql`
    insert into directory_users (id, source_id, open_id, union_id, user_id, name, en_name, email,
      mobile, status, created_at, updated_at)
    select gen_random_uuid(), ${sourceId}::uuid, 'ou_bulk_' || i, 'on_bulk_' || i, 'B' || i,
      'Person ' || lpad((i % 4000)::text, 4, '0'), 'En' || i, 'p' || i || '@bulk.example',
      '+86139' || lpad(i::text, 8, '0'),
      case when i % 10 = 0 then 'disabled' else 'active' end, now(), now()
    from generate_series(1, ${N}) as i`.execute(database.db);
  await sql`
    insert into directory_memberships (source_id, user_id, open_department_id, is_primary)
    select u.source_id, u.id,
      case (substr(u.open_id, 9)::int % 3) when 0 then 'od-a' when 1 then 'od-a1' else 'od-b' end,
      true
    from directory_users u where u.source_id = ${sourceId}::uuid`.execute(database.db);
  await sql`
    insert into directory_memberships (source_id, user_id, open_department_id, is_primary)
    select u.source_id, u.id, 'od-a1', false
    from directory_users u
    where u.source_id = ${sourceId}::uuid and substr(u.open_id, 9)::int % 7 = 0
      and substr(u.open_id, 9)::int % 3 <> 1`.execute(database.db);
}

interface UserItem {
  id: string;
  name: string;
  status: string;
  open_id: string;
}
interface UserPage {
  items: UserItem[];
  next_cursor: string | null;
  total: number | null;
  total_exact: boolean | null;
}

describe.each(engines)('console directory pages on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: Session;
  let outsider: Session;
  let base: string;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    const root = await loginPlatform(t.app);
    const tw = await tenantWithAdmin(t.app, root);
    admin = tw.session;
    outsider = (await tenantWithAdmin(t.app, root)).session;
    const source = (
      await admin.post(`${API}/tenants/${tw.tenant.id}/identity-sources`, sourceBody())
    ).json();
    base = `${API}/tenants/${tw.tenant.id}/identity-sources/${source.id}/directory`;
    await seedBulk(database, source.id);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  async function walk(query: string, pageSize: number): Promise<UserItem[]> {
    const seen: UserItem[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 1000; i++) {
      const res = await admin.get(
        `${base}/users?page_size=${pageSize}&${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as UserPage;
      // Counted on the first page only.
      expect(page.total === null).toBe(cursor !== null);
      seen.push(...page.items);
      cursor = page.next_cursor;
      if (!cursor) return seen;
    }
    throw new Error('the walk did not end');
  }

  const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

  it('walks a department subtree with a status filter by cursor: every match once, in order', async () => {
    const expected = Array.from({ length: N }, (_, k) => k + 1).filter(
      (i) => inSubtreeA(i) && isActive(i),
    );
    const seen = await walk('department_id=od-a&status=active', 200);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen.map((u) => u.id)).size).toBe(expected.length);
    expect(seen.every((u) => u.status === 'active')).toBe(true);
    for (let k = 1; k < seen.length; k++) {
      const order = byteOrder(seen[k - 1]!.name.toLowerCase(), seen[k]!.name.toLowerCase());
      expect(order < 0 || (order === 0 && seen[k - 1]!.id < seen[k]!.id)).toBe(true);
    }
    expect(new Set(seen.map((u) => u.open_id))).toEqual(
      new Set(expected.map((i) => `ou_bulk_${i}`)),
    );
  });

  it('keeps people with the same name apart across page boundaries', async () => {
    // "Person 0001" is i = 1, 4001 and 8001: pages of 2 split them.
    const seen = await walk(`q=${encodeURIComponent('person 0001')}`, 2);
    expect(seen.map((u) => u.open_id).sort()).toEqual([
      'ou_bulk_1',
      'ou_bulk_4001',
      'ou_bulk_8001',
    ]);
  });

  it('counts up to 10,000 and says when there are more', async () => {
    const all = (await admin.get(`${base}/users?page_size=5`)).json() as UserPage;
    expect(all).toMatchObject({ total: 10_000, total_exact: false });
    expect(all.items.map((u) => u.name)).toEqual([
      nameOf(4000),
      nameOf(8000),
      nameOf(1),
      nameOf(4001),
      nameOf(8001),
    ]);
    const direct = (
      await admin.get(`${base}/users?department_id=od-b&subtree=false&page_size=1`)
    ).json() as UserPage;
    const inB = Array.from({ length: N }, (_, k) => k + 1).filter((i) => i % 3 === 2).length;
    expect(direct).toMatchObject({ total: inB, total_exact: true });
  });

  it('finds people by English name, mobile (with or without +), open_id, union_id and user_id', async () => {
    const ids = async (q: string) =>
      ((await admin.get(`${base}/users?q=${encodeURIComponent(q)}`)).json() as UserPage).items
        .map((u) => u.open_id)
        .sort();
    expect(await ids('en1234')).toEqual(['ou_bulk_1234']);
    expect(await ids('+8613900001234')).toEqual(['ou_bulk_1234']);
    expect(await ids('86 139 0000 1234')).toEqual(['ou_bulk_1234']);
    expect(await ids('ou_bulk_77')).toEqual(['ou_bulk_77']);
    expect(await ids('on_bulk_78')).toEqual(['ou_bulk_78']);
    expect(await ids('b7777')).toEqual(['ou_bulk_7777']);
    expect(await ids('P9999@')).toEqual(['ou_bulk_9999']);
    // open_id matches whole ids only: a prefix of one is not a search for thousands.
    expect(await ids('ou_bulk_')).toEqual([]);
  });

  it('searches departments anywhere in the tree, with their paths', async () => {
    const res = await admin.get(`${base}/departments?q=sal`, { 'accept-language': 'zh-CN' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      open_department_id: string;
      breadcrumb: { name: string }[];
    }[];
    expect(
      items.map((d) => [d.open_department_id, d.breadcrumb.map((b) => b.name).join(' / ')]),
    ).toEqual([
      ['od-a-sales', 'Alpha / Alpha One / Sales'],
      ['od-b-sales', 'Beta / Sales'],
    ]);
    expect((await admin.get(`${base}/departments?q=x%25`)).json().items).toEqual([]);
    const both = await admin.get(`${base}/departments?q=sal&parent_id=od-b`);
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
  });

  it('refuses cursors it did not hand out and numbered pages past 10,000 rows, translated', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const garbage = await admin.get(`${base}/users?cursor=bm90LWpzb24`, zh);
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error).toMatchObject({
      code: 'PAGE_CURSOR_INVALID',
      message: '分页游标无效，不是该列表返回的游标。',
    });
    const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    expect((await admin.get(`${base}/users?cursor=${forged}`)).json().error.code).toBe(
      'PAGE_CURSOR_INVALID',
    );
    const badChars = await admin.get(`${base}/users?cursor=${encodeURIComponent("' or 1=1")}`);
    expect(badChars.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    const first = (await admin.get(`${base}/users?page_size=2`)).json() as UserPage;
    const mixed = await admin.get(`${base}/users?page=2&cursor=${first.next_cursor}`);
    expect(mixed.json().error.code).toBe('PAGE_CURSOR_WITH_PAGE');
    const deep = await admin.get(`${base}/users?page=202&page_size=50`);
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error).toMatchObject({
      code: 'PAGE_TOO_DEEP',
      messages: { en: 'Numbered pages go no deeper than 10000 rows.' },
    });
    expect((await admin.get(`${base}/users?page=201&page_size=50`)).statusCode).toBe(200);
  });

  it("answers another tenant's admin as if the source did not exist", async () => {
    const first = (await admin.get(`${base}/users?page_size=2`)).json() as UserPage;
    for (const url of [
      `${base}/users?cursor=${first.next_cursor}`,
      `${base}/departments?q=sal`,
      `${base}/users?q=person`,
    ]) {
      const res = await outsider.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('SOURCE_NOT_FOUND');
    }
  });
});
