import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Answer, type Harness } from './openapi-harness.ts';

const V3 = '/open-apis/contact/v3';

let h: Harness;
let token: string; // all members, all field scopes
let openId: (userKey: string) => string;
beforeAll(async () => {
  h = await startHarness();
  const app = h.addApp('cli_contact_all');
  token = await h.tokenFor(app);
  openId = (key) => h.store.openIds.openIdFor(app.appId, key);
});
afterAll(async () => {
  await h.close();
});

const items = (r: Answer) => r.body.data?.items ?? [];
const od = (name: 'eng' | 'backend' | 'frontend' | 'sales') => h.org.depts[name].openDepartmentId;

async function pageAll(path: string, tok: string, size: number) {
  const out: Record<string, unknown>[] = [];
  let pageToken: string | undefined;
  for (let i = 0; i < 100; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const q = `page_size=${size}${pageToken ? `&page_token=${encodeURIComponent(pageToken)}` : ''}`;
    const r = await h.get(`${path}${sep}${q}`, tok);
    expect(r.body.code).toBe(0);
    out.push(...items(r));
    if (!r.body.data?.has_more) {
      expect(r.body.data).not.toHaveProperty('page_token');
      return out;
    }
    pageToken = r.body.data.page_token;
  }
  throw new Error('no end');
}

describe('contact v3 departments', () => {
  it('lists the root children in order, page by page, and all descendants with fetch_child', async () => {
    const direct = await pageAll(`${V3}/departments/0/children`, token, 1);
    expect(direct.map((d) => d.name)).toEqual(['Engineering', 'Sales']);
    const all = await pageAll(`${V3}/departments/0/children?fetch_child=true`, token, 3);
    expect(all.map((d) => d.open_department_id)).toEqual([
      od('eng'),
      od('backend'),
      od('frontend'),
      od('sales'),
    ]);
    const r = await h.get(`${V3}/departments/0/children`, token);
    expect(r.body.data?.has_more).toBe(false);
    expect(items(r)[0]).toMatchObject({ order: '1', parent_department_id: '0' });
  });

  it('renders ids in the requested types', async () => {
    const r = await h.get(
      `${V3}/departments/D_eng/children?department_id_type=department_id&user_id_type=user_id`,
      token,
    );
    expect(r.body.code).toBe(0);
    expect(items(r).map((d) => [d.department_id, d.parent_department_id])).toEqual([
      ['D_backend', 'D_eng'],
      ['D_frontend', 'D_eng'],
    ]);
    const eng = await h.get(`${V3}/departments/${od('eng')}?user_id_type=union_id`, token);
    expect(eng.body.data?.department).toMatchObject({
      leader_user_id: h.org.users.alice.unionId,
      department_hrbps: [h.org.users.bob.unionId],
      member_count: 3,
    });
  });

  it('shows the root, the parent chain and batches', async () => {
    const root = await h.get(`${V3}/departments/0`, token);
    expect(root.body.data?.department).toMatchObject({ open_department_id: '0' });
    const parent = await h.get(`${V3}/departments/parent?department_id=${od('backend')}`, token);
    expect(items(parent).map((d) => d.open_department_id)).toEqual([od('eng')]);
    const batch = await h.get(
      `${V3}/departments/batch?department_ids=${od('eng')}&department_ids=od-unknown&department_ids=${od('sales')}`,
      token,
    );
    expect(items(batch).map((d) => d.name)).toEqual(['Engineering', 'Sales']);
    const tooMany = Array.from({ length: 51 }, () => `department_ids=${od('eng')}`).join('&');
    expect((await h.get(`${V3}/departments/batch?${tooMany}`, token)).body.code).toBe(99992402);
  });
});

describe('contact v3 users', () => {
  it('lists direct members, root "0" included, ordered and paged', async () => {
    const root = await pageAll(`${V3}/users/find_by_department?department_id=0`, token, 10);
    expect(root.map((u) => u.name)).toEqual(['ceo']);
    const sales = await pageAll(
      `${V3}/users/find_by_department?department_id=${od('sales')}`,
      token,
      1,
    );
    expect(sales.map((u) => u.open_id)).toEqual([
      openId(h.org.users.carol.key),
      openId(h.org.users.dave.key),
    ]);
    const bob = await h.get(
      `${V3}/users/find_by_department?department_id=D_backend&department_id_type=department_id&user_id_type=user_id`,
      token,
    );
    expect(items(bob)[0]).toMatchObject({
      user_id: 'uid_bob',
      department_ids: ['D_backend'],
      leader_user_id: 'uid_alice',
    });
  });

  it('gets one user and a batch, skipping unknown ids in the batch', async () => {
    const one = await h.get(`${V3}/users/${openId(h.org.users.alice.key)}`, token);
    expect(one.body.data?.user).toMatchObject({ name: 'alice', email: 'alice@example.com' });
    const byUserId = await h.get(`${V3}/users/uid_carol?user_id_type=user_id`, token);
    expect(byUserId.body.data?.user).toMatchObject({ name: 'carol' });
    const batch = await h.get(
      `${V3}/users/batch?user_ids=${openId(h.org.users.bob.key)}&user_ids=ou_nobody`,
      token,
    );
    expect(items(batch).map((u) => u.name)).toEqual(['bob']);
  });

  it('finds ids by email and mobile', async () => {
    const mobile = h.org.users.bob.mobile.replace(/^\+86/, '');
    const r = await h.call('POST', `${V3}/users/batch_get_id?user_id_type=union_id`, {
      token,
      body: { emails: ['ALICE@example.com', 'ghost@example.com'], mobiles: [mobile] },
    });
    expect(r.body.code).toBe(0);
    expect(r.body.data?.user_list).toEqual([
      expect.objectContaining({ email: 'ALICE@example.com', user_id: h.org.users.alice.unionId }),
      { email: 'ghost@example.com' },
      expect.objectContaining({ mobile, user_id: h.org.users.bob.unionId }),
    ]);
  });
});

describe('contact v3 errors', () => {
  const cases: [string, string, number, number][] = [
    ['page size over 50', `${V3}/departments/0/children?page_size=51`, 400, 40009],
    ['page size zero', `${V3}/users/find_by_department?department_id=0&page_size=0`, 400, 40011],
    ['forged page token', `${V3}/departments/0/children?page_token=abc`, 400, 40012],
    ['unknown department', `${V3}/departments/od-0000/children`, 400, 40015],
    ['unknown custom id', `${V3}/departments/NOPE?department_id_type=department_id`, 400, 40015],
    ['unknown user', `${V3}/users/ou_0000`, 400, 41012],
    ['missing department_id', `${V3}/users/find_by_department`, 400, 99992402],
    ['bad id type', `${V3}/users/x?user_id_type=email`, 400, 99992402],
    ['bad fetch_child', `${V3}/departments/0/children?fetch_child=yes`, 400, 99992402],
  ];
  for (const [name, path, status, code] of cases) {
    it(`answers ${code} for ${name}`, async () => {
      const r = await h.get(path, token);
      expect([r.status, r.body.code]).toEqual([status, code]);
      expect(r.body.error?.log_id).toBeTypeOf('string');
    });
  }

  it('refuses another tenant’s department with 42008 (HTTP 401)', async () => {
    const foreign = [...h.store.departments.values()].find((d) => d.tenantKey !== 'tenant_test')!;
    const r = await h.get(`${V3}/departments/${foreign.openDepartmentId}`, token);
    expect([r.status, r.body.code]).toEqual([401, 42008]);
  });
});

describe('contact range', () => {
  it('enforces a partial range: 40004 (403) for departments, 41050 for users', async () => {
    const { eng, sales } = h.org.depts;
    const app = h.addApp('cli_contact_partial', undefined, {
      kind: 'partial',
      departmentKeys: [eng.key],
      userKeys: [h.org.users.dave.key],
    });
    const t = await h.tokenFor(app);
    const root = await h.get(`${V3}/departments/0/children`, t);
    expect([root.status, root.body.code]).toEqual([403, 40004]);
    const rootMembers = await h.get(`${V3}/users/find_by_department?department_id=0`, t);
    expect([rootMembers.status, rootMembers.body.code]).toEqual([403, 40004]);
    expect((await h.get(`${V3}/departments/${sales.openDepartmentId}`, t)).body.code).toBe(40004);
    const sub = await h.get(`${V3}/departments/${eng.openDepartmentId}/children`, t);
    expect(items(sub).map((d) => d.name)).toEqual(['Backend', 'Frontend']);
    const ceo = await h.get(
      `${V3}/users/${h.store.openIds.openIdFor(app.appId, h.org.users.ceo.key)}`,
      t,
    );
    expect([ceo.status, ceo.body.code]).toEqual([400, 41050]);
    const dave = await h.get(`${V3}/users/uid_dave?user_id_type=user_id`, t);
    expect(dave.body.data?.user).toMatchObject({ name: 'dave' });

    const scopes = await h.get(`${V3}/scopes?user_id_type=user_id`, t);
    expect(scopes.body.data).toMatchObject({
      department_ids: [eng.openDepartmentId],
      user_ids: ['uid_dave'],
      group_ids: [],
      has_more: false,
    });
  });

  it('contact/v3/scopes pages users first, then departments, for all members', async () => {
    const first = await h.get(`${V3}/scopes?page_size=1`, token);
    expect(first.body.data).toMatchObject({
      user_ids: [openId(h.org.users.ceo.key)],
      department_ids: [],
      has_more: true,
    });
    const rest = await h.get(
      `${V3}/scopes?page_size=5&page_token=${encodeURIComponent(first.body.data!.page_token!)}`,
      token,
    );
    expect(rest.body.data).toMatchObject({
      user_ids: [],
      department_ids: [od('eng'), od('sales')],
      has_more: false,
    });
  });
});

describe('scopes and field gating', () => {
  it('answers 99991672 with permission_violations without a contact read scope', async () => {
    const app = h.addApp('cli_contact_noscope', ['contact:user.email:readonly']);
    const t = await h.tokenFor(app);
    const r = await h.get(`${V3}/departments/0/children`, t);
    expect([r.status, r.body.code]).toEqual([400, 99991672]);
    expect(r.body.msg).toContain('contact:contact.base:readonly');
    expect(r.body.error?.permission_violations?.map((v) => v.subject)).toContain(
      'contact:contact.base:readonly',
    );
  });

  it('needs the id scopes for user_id and department_id id types', async () => {
    const app = h.addApp('cli_contact_ids', ['contact:contact.base:readonly']);
    const t = await h.tokenFor(app);
    const u = await h.get(`${V3}/users/find_by_department?department_id=0&user_id_type=user_id`, t);
    expect(u.body.code).toBe(99991672);
    expect(u.body.error).toMatchObject({
      permission_violations: expect.arrayContaining([
        { type: 'field_scope_required', subject: 'contact:user.employee_id:readonly' },
      ]),
    });
    const d = await h.get(`${V3}/departments/D_eng?department_id_type=department_id`, t);
    expect(d.body.code).toBe(99991672);
  });

  it('drops fields silently when their scope is missing', async () => {
    const app = h.addApp('cli_contact_bare', ['contact:contact.base:readonly']);
    const t = await h.tokenFor(app);
    const depts = await h.get(`${V3}/departments/0/children`, t);
    expect(items(depts)).toEqual([
      { open_department_id: od('eng') },
      { open_department_id: od('sales') },
    ]);
    const users = await h.get(`${V3}/users/find_by_department?department_id=0`, t);
    expect(Object.keys(items(users)[0]!).sort()).toEqual(['open_id', 'union_id']);
    const scopes = await h.get(`${V3}/scopes`, t);
    expect(scopes.body.data?.user_ids).toEqual([]);
  });
});

describe('resigned users', () => {
  it('leave the lists but stay fetchable by id with their status', async () => {
    h.store.resignUser(h.org.users.dave.key);
    const sales = await pageAll(
      `${V3}/users/find_by_department?department_id=${od('sales')}`,
      token,
      10,
    );
    expect(sales.map((u) => u.name)).toEqual(['carol']);
    const dave = await h.get(`${V3}/users/${openId(h.org.users.dave.key)}`, token);
    expect(dave.body.data?.user).toMatchObject({ status: { is_resigned: true } });
    const ids = async (include: boolean) =>
      (
        await h.call('POST', `${V3}/users/batch_get_id`, {
          token,
          body: { emails: ['dave@example.com'], include_resigned: include },
        })
      ).body.data?.user_list;
    expect(await ids(false)).toEqual([{ email: 'dave@example.com' }]);
    expect(await ids(true)).toEqual([
      expect.objectContaining({ user_id: openId(h.org.users.dave.key) }),
    ]);
  });
});
