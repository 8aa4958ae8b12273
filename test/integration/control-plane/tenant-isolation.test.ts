// A tenant admin of A gets 404 for anything of B, on every resource, and changes nothing there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTables } from '../../fixtures/bad-input.ts';
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

describe.each(engines)('tenant isolation on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let a: Session;
  let b: { tenantId: string; sourceId: string; userId: string; adminId: string };

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    const root = await loginPlatform(t.app);
    a = (await tenantWithAdmin(t.app, root)).session;
    const tb = await tenantWithAdmin(t.app, root);
    const source = (
      await tb.session.post(`${API}/tenants/${tb.tenant.id}/identity-sources`, sourceBody())
    ).json();
    const users = await seedDirectory(
      database.db,
      source.id,
      [{ id: 'od-b', name: 'B dept', parent: '0' }],
      [{ openId: 'ou_b1', name: 'B user', departments: ['od-b'] }],
    );
    b = {
      tenantId: tb.tenant.id,
      sourceId: source.id,
      userId: users.get('ou_b1')!,
      adminId: tb.session.adminId,
    };
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const snapshot = () =>
    snapshotTables(database.db, [
      'tenants',
      'admins',
      'identity_sources',
      'directory_departments',
      'directory_users',
    ] as const);

  it('answers 404 for every resource of another tenant', async () => {
    const tenant = `${API}/tenants/${b.tenantId}`;
    const source = `${tenant}/identity-sources/${b.sourceId}`;
    const before = await snapshot();
    const attempts: [string, string, unknown?][] = [
      ['GET', tenant],
      ['PATCH', tenant, { name: 'taken over' }],
      ['DELETE', `${tenant}?confirm=true`],
      ['POST', `${tenant}/verification-id`],
      ['GET', `${tenant}/identity-sources`],
      ['POST', `${tenant}/identity-sources`, sourceBody()],
      ['GET', source],
      ['PATCH', source, { description: 'mine now' }],
      ['POST', `${source}/enable`],
      ['POST', `${source}/close`, { confirm: true }],
      ['DELETE', source],
      ['GET', `${source}/directory/departments`],
      ['GET', `${source}/directory/departments/od-b`],
      ['GET', `${source}/directory/users`],
      ['GET', `${source}/directory/users/${b.userId}`],
      ['GET', `${API}/admins/${b.adminId}`],
      ['PATCH', `${API}/admins/${b.adminId}`, { name: 'x' }],
      ['DELETE', `${API}/admins/${b.adminId}`],
      ['GET', `${API}/audit-log?tenant_id=${b.tenantId}`],
      ['GET', `${API}/admins?tenant_id=${b.tenantId}`],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await a.request({
        method: method as 'GET',
        url,
        ...(payload ? { payload: payload as object } : {}),
      });
      if (url.startsWith(`${API}/admins?`)) {
        // A list filtered to another tenant is simply empty for a tenant admin.
        expect(res.json().items, url).toEqual([]);
        continue;
      }
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
      expect(res.json().error.code).toMatch(/_NOT_FOUND$/);
    }
    expect(await snapshot()).toBe(before);
  });

  it('gives the same answer for another tenant’s existing source as for a source that does not exist', async () => {
    const mine = (await a.get(`${API}/auth/me`)).json().admin.tenant_id;
    const other = await a.get(`${API}/tenants/${mine}/identity-sources/${b.sourceId}`);
    const missing = await a.get(`${API}/tenants/${mine}/identity-sources/${crypto.randomUUID()}`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
  });

  it('shows a tenant admin only its own tenant’s audit entries', async () => {
    const res = await a.get(`${API}/audit-log?limit=200`);
    const mine = (await a.get(`${API}/auth/me`)).json().admin.tenant_id;
    expect(res.json().items.length).toBeGreaterThan(0);
    expect(res.json().items.every((e: { tenant_id: string }) => e.tenant_id === mine)).toBe(true);
  });
});
