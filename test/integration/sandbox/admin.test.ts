// The sandbox admin API in-process (fastify inject): each admin change lands in the OrgStore and
// its change feed; every bad request is a 4xx {error:{code,message}} that changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrgChange } from '../../../sandbox/org/org-store.ts';
import { ROOT } from '../../../sandbox/org/org-store.ts';
import { buildSandbox, type Sandbox } from '../../../sandbox/server.ts';

let sb: Sandbox;
let changes: OrgChange[];

beforeEach(async () => {
  sb = await buildSandbox({ org: 'small', seed: 5, rateLimits: false, duplicateRate: 0 });
  changes = [];
  sb.ctx.store.onChange((c) => changes.push(c));
});
afterEach(() => sb.close());

async function call(method: string, url: string, body?: unknown) {
  const res = await sb.app.inject({
    method: method as 'GET',
    url: `/sandbox${url}`,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

const state = () =>
  JSON.stringify({
    d: [...sb.ctx.store.departments.values()],
    u: [...sb.ctx.store.users.values()],
    a: [...sb.ctx.store.apps.values()],
  });

const main = () => sb.world.tenantKey;
const activeSample = () =>
  sb.world.sampleUsers.find((u) => u.role === 'member') ?? sb.world.sampleUsers[0];
const topDept = () => sb.ctx.store.childrenOf(main(), ROOT)[0];
const mainApp = () => sb.world.apps[0];

describe('admin API: reading', () => {
  it('GET /sandbox/world shows tenants, apps with their settings and sample users', async () => {
    const { status, body } = await call('GET', '/world');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      seed: 5,
      org: 'small',
      tenant_key: main(),
      password: 'feishu-sandbox',
    });
    expect(body.apps).toHaveLength(3);
    expect((body.apps as Record<string, unknown>[])[0]).toMatchObject({
      app_id: mainApp()?.app_id,
      contact_range: { kind: 'all' },
      event_subscription: null,
    });
    expect(body.sample_users).toEqual(sb.world.sampleUsers);
  });

  it('finds users by union_id, user_id or email, and resigned ones too', async () => {
    const u = activeSample();
    for (const ref of [u?.union_id, u?.user_id, u?.email?.toUpperCase()]) {
      const { status, body } = await call('GET', `/users/${encodeURIComponent(ref ?? '')}`);
      expect(status).toBe(200);
      expect(body.union_id).toBe(u?.union_id);
    }
    const resigned = sb.world.sampleUsers.find((x) => x.status === 'resigned');
    const r = await call('GET', `/users/${resigned?.union_id}`);
    expect(r.body.status).toBe('resigned');
    const other = sb.world.sampleUsers.find((x) => x.tenant_key !== main());
    expect((await call('GET', `/users/${other?.user_id}`)).status).toBe(404);
    expect(
      (await call('GET', `/users/${other?.user_id}?tenant_key=${other?.tenant_key}`)).status,
    ).toBe(200);
  });
});

describe('admin API: departments', () => {
  it('creates, renames, moves and deletes, each through the change feed', async () => {
    const parent = topDept();
    const created = await call('POST', '/departments', {
      name: '安全运营组',
      en_name: 'SecOps',
      parent: parent?.departmentId,
      department_id: 'secops',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      department_id: 'secops',
      parent_department_id: parent?.departmentId,
      en_name: 'SecOps',
    });
    const renamed = await call('PATCH', '/departments/secops', { name: '安全运营中心' });
    expect(renamed.body.name).toBe('安全运营中心');
    const moved = await call('PATCH', `/departments/${created.body.open_department_id}`, {
      parent: '0',
    });
    expect(moved.body.parent_department_id).toBe('0');
    const deleted = await call('DELETE', '/departments/secops');
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toBe(true);
    expect(changes.map((c) => c.kind)).toEqual([
      'department.created',
      'department.updated',
      'department.updated',
      'department.deleted',
    ]);
    expect((await call('GET', '/departments/secops')).status).toBe(404);
  });
});

describe('admin API: users', () => {
  it('adds a user, moves, renames the user_id, freezes, then resigns them', async () => {
    const d1 = topDept();
    const d2 = sb.ctx.store.childrenOf(main(), ROOT)[1];
    const added = await call('POST', '/users', {
      name: '新员工',
      email: 'newbie@acme.example',
      departments: [d1?.departmentId],
      job_title: '工程师',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: '新员工', status: 'active', job_title: '工程师' });
    expect(Object.keys(added.body.open_ids as object)).toHaveLength(2);
    const ref = 'newbie@acme.example';
    const moved = await call('PATCH', `/users/${ref}`, {
      departments: [d2?.openDepartmentId, d1?.departmentId],
    });
    expect(
      (moved.body.departments as { department_id: string }[]).map((d) => d.department_id),
    ).toEqual([d2?.departmentId, d1?.departmentId]);
    const renamed = await call('PATCH', `/users/${ref}`, {
      user_id: 'newbie',
      frozen: true,
      city: '深圳',
    });
    expect(renamed.body).toMatchObject({ user_id: 'newbie', status: 'frozen', city: '深圳' });
    const resigned = await call('POST', '/users/newbie/resign');
    expect(resigned.body.status).toBe('resigned');
    expect(changes.map((c) => c.kind)).toEqual([
      'user.created',
      'user.updated',
      'user.updated',
      'user.deleted',
    ]);
    // a resigned user cannot be changed any more
    const again = await call('PATCH', '/users/newbie', { city: '北京' });
    expect(again).toEqual({
      status: 409,
      body: { error: { code: 'user_resigned', message: expect.any(String) } },
    });
  });

  it('changes email and mobile as events of their own, as the platform does', async () => {
    const u = activeSample();
    const r = await call('PATCH', `/users/${u?.union_id}`, {
      email: 'renamed@acme.example',
      mobile: '+8613900000001',
      job_title: '经理',
    });
    expect(r.status).toBe(200);
    expect(changes).toHaveLength(3);
    const fields = changes.map((c) => {
      if (c.kind !== 'user.updated') return [];
      return (['email', 'mobile', 'jobTitle'] as const).filter((k) => c.before[k] !== c.after[k]);
    });
    expect(fields).toEqual([['email'], ['mobile'], ['jobTitle']]);
  });
});

describe('admin API: apps and clock', () => {
  it('sets contact range (with scope.updated), availability, scopes and redirect URLs', async () => {
    const app = mainApp();
    const d = topDept();
    const u = activeSample();
    const range = await call('PUT', `/apps/${app?.app_id}/contact-range`, {
      kind: 'partial',
      departments: [d?.departmentId],
      users: [u?.email],
    });
    expect(range.status).toBe(200);
    expect(range.body.contact_range).toEqual({
      kind: 'partial',
      departments: [
        { department_id: d?.departmentId, open_department_id: d?.openDepartmentId, name: d?.name },
      ],
      users: [u?.union_id],
    });
    expect(changes.map((c) => c.kind)).toEqual(['scope.updated']);
    const avail = await call('PUT', `/apps/${app?.app_id}/availability`, {
      kind: 'partial',
      users: [u?.user_id],
    });
    expect(avail.body.availability).toEqual({
      kind: 'partial',
      departments: [],
      users: [u?.union_id],
    });
    const scopes = await call('PUT', `/apps/${app?.app_id}/scopes`, {
      scopes: ['contact:contact.base:readonly'],
    });
    expect(scopes.body.scopes).toEqual(['contact:contact.base:readonly']);
    expect(scopes.body.user_scopes).toContain('offline_access');
    const urls = await call('PUT', `/apps/${app?.app_id}/redirect-urls`, {
      redirect_urls: ['http://127.0.0.1:5000/cb'],
    });
    expect(urls.body.redirect_urls).toEqual(['http://127.0.0.1:5000/cb']);
    expect(sb.ctx.store.requireApp(app?.app_id ?? '').redirectUrls).toEqual([
      'http://127.0.0.1:5000/cb',
    ]);
  });

  it('moves the sandbox clock', async () => {
    const before = sb.ctx.clock.now();
    const r = await call('POST', '/clock', { advance_ms: 3_600_000 });
    expect(r.status).toBe(200);
    expect(r.body.now as number).toBeGreaterThanOrEqual(before + 3_600_000);
  });
});

describe('admin API: bad input is a 4xx and changes nothing', () => {
  it.each([
    ['POST', '/departments', { name: '' }, 400, 'invalid_request'],
    ['POST', '/departments', { name: 'x', parent: 'nowhere' }, 404, 'department_not_found'],
    ['POST', '/departments', { name: 'x', department_id: '-bad' }, 400, 'invalid_request'],
    [
      'POST',
      '/departments',
      { name: 'x', department_id: 'D00001' },
      409,
      'duplicate_department_id',
    ],
    ['POST', '/departments', { name: 'x', tenant_key: 'nope' }, 404, 'tenant_not_found'],
    ['POST', '/departments', { name: 'x', extra: 1 }, 400, 'invalid_request'],
    ['PATCH', '/departments/D00001', {}, 400, 'invalid_request'],
    ['PATCH', '/departments/D00001', { parent: 'D00001' }, 400, 'cycle'],
    [
      'PATCH',
      '/departments/D00001',
      { name: 'ok', department_id: 'D00002' },
      409,
      'duplicate_department_id',
    ],
    [
      'PATCH',
      '/departments/D00001',
      { name: 'ok', leader: 'nobody@acme.example' },
      404,
      'user_not_found',
    ],
    ['DELETE', '/departments/D00001', undefined, 400, 'department_not_empty'],
    ['DELETE', '/departments/0', undefined, 404, 'department_not_found'],
    ['POST', '/users', { email: 'x@acme.example' }, 400, 'invalid_request'],
    ['POST', '/users', { name: 'x', departments: ['nowhere'] }, 404, 'department_not_found'],
    ['POST', '/users', { name: 'x', mobile: '13800000000' }, 400, 'invalid_request'],
    ['POST', '/users', { name: 'x', departments: ['D00001', 'D00001'] }, 400, 'invalid_request'],
    ['PATCH', '/users/nobody', { city: 'x' }, 404, 'user_not_found'],
    ['POST', '/users/nobody/resign', undefined, 404, 'user_not_found'],
    ['PUT', '/apps/cli_0000000000000000/scopes', { scopes: [] }, 404, 'app_not_found'],
    ['POST', '/clock', { advance_ms: -5 }, 400, 'invalid_request'],
    ['POST', '/clock', { advance_ms: 'soon' }, 400, 'invalid_request'],
    ['GET', '/no-such-route', undefined, 404, 'route_not_found'],
  ])('%s %s %j -> %i %s', async (method, url, body, status, code) => {
    const before = state();
    const r = await call(method, url, body);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(state()).toBe(before);
    expect(changes).toEqual([]);
  });

  it('rejects conflicts and cross references without a partial write', async () => {
    const u = activeSample();
    const others = [...sb.ctx.store.users.values()].filter(
      (x) => x.tenantKey === main() && !x.deleted && x.unionId !== u?.union_id,
    );
    const taken = others[0];
    const before = state();
    // a valid department change together with a taken user_id: nothing may move
    const r = await call('PATCH', `/users/${u?.union_id}`, {
      departments: [topDept()?.departmentId],
      user_id: taken?.userId,
    });
    expect(r.status).toBe(409);
    expect(
      (await call('PATCH', `/users/${u?.union_id}`, { email: taken?.email, job_title: 'x' }))
        .status,
    ).toBe(409);
    const other = sb.world.sampleUsers.find((x) => x.tenant_key !== main());
    const range = await call('PUT', `/apps/${mainApp()?.app_id}/contact-range`, {
      kind: 'partial',
      users: [other?.union_id],
    });
    expect(range).toEqual({
      status: 400,
      body: { error: { code: 'tenant_mismatch', message: expect.any(String) } },
    });
    expect(
      (
        await call('PUT', `/apps/${mainApp()?.app_id}/contact-range`, {
          kind: 'partial',
          departments: ['0'],
        })
      ).status,
    ).toBe(400);
    expect(state()).toBe(before);
    expect(changes).toEqual([]);
  });

  it('answers bad JSON and wrong content types with a 4xx in the admin error shape', async () => {
    const bad = await sb.app.inject({
      method: 'POST',
      url: '/sandbox/departments',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    const text = await sb.app.inject({
      method: 'POST',
      url: '/sandbox/departments',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('invalid_request');
    const xml = await sb.app.inject({
      method: 'POST',
      url: '/sandbox/departments',
      headers: { 'content-type': 'application/xml' },
      payload: '<name>x</name>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
  });
});
