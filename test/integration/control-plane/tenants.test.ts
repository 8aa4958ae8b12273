import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/domain/errors/index.ts';
import { createTenantLookup } from '../../../control-plane/tenants/tenant-lookup.ts';
import { useTestApp } from '../../fixtures/control-plane-suite.ts';
import { engines } from '../../fixtures/db.ts';
import { ManualClock } from '../../fixtures/manual-clock.ts';
import { API, tenantWithAdmin, unique } from '../../fixtures/control-plane-app.ts';

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

describe.each(engines)('tenants on $name', (engine) => {
  const { database, t, root } = useTestApp(engine);

  it('creates a tenant with the default time zone and an unguessable verification ID', async () => {
    const res = await root.post(`${API}/tenants`, { name: unique('Acme 公司') });
    expect(res.statusCode).toBe(201);
    const tenant = res.json();
    expect(tenant).toMatchObject({ status: 'active', time_zone: 'Asia/Shanghai' });
    expect(tenant.verification_id).toMatch(/^[0-9a-hjkmnp-tv-z]{12}$/);
    const ids = new Set<string>([tenant.verification_id]);
    for (let i = 0; i < 5; i++)
      ids.add((await root.post(`${API}/tenants`, { name: unique('many') })).json().verification_id);
    expect(ids.size).toBe(6);
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', tenant.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['tenant.create']);
  });

  it('validates names and time zones with field paths, in English and Chinese', async () => {
    const en = await root.post(`${API}/tenants`, { name: '', time_zone: 'Mars/Olympus' });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    const paths = en
      .json()
      .error.details.fields.map((f: { path: string }) => f.path)
      .sort();
    expect(paths).toEqual(['name', 'time_zone']);
    expect(en.json().error.details.fields.every((f: { in: string }) => f.in === 'body')).toBe(true);
    const zh = await root.post(`${API}/tenants`, { name: '' }, { 'accept-language': 'zh-CN' });
    expect(zh.json().error.message).toBe('请求中有字段缺失或不合法。');
    expect(zh.json().error.details.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.json().error.fix).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a duplicate name, case-insensitively', async () => {
    const name = unique('Dup');
    expect((await root.post(`${API}/tenants`, { name })).statusCode).toBe(201);
    const again = await root.post(`${API}/tenants`, { name: name.toUpperCase() });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TENANT_NAME_TAKEN');
  });

  it('updates, suspends (platform admin only) and regenerates the verification ID', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, root);
    const renamed = await session.patch(`${API}/tenants/${tenant.id}`, {
      name: `${tenant.name}-x`,
      time_zone: 'Europe/Berlin',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ time_zone: 'Europe/Berlin' });
    const selfSuspend = await session.patch(`${API}/tenants/${tenant.id}`, { status: 'suspended' });
    expect(selfSuspend.statusCode).toBe(403);
    expect(selfSuspend.json().error.code).toBe('AUTH_FORBIDDEN');

    const regenerated = await session.post(`${API}/tenants/${tenant.id}/verification-id`);
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.json().verification_id).not.toBe(tenant.verification_id);

    const suspended = await root.patch(`${API}/tenants/${tenant.id}`, { status: 'suspended' });
    expect(suspended.json().status).toBe('suspended');
    // Its admins are signed out and cannot sign in while it is suspended.
    expect((await session.get(`${API}/auth/me`)).statusCode).toBe(401);
    const actions = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', tenant.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'tenant.create',
      'tenant.update',
      'tenant.regenerate_verification_id',
      'tenant.suspend',
    ]);
  });

  it('lets only platform admins create and delete tenants, and deletion needs confirm=true', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, root);
    expect((await session.post(`${API}/tenants`, { name: unique('nope') })).statusCode).toBe(403);
    expect((await session.delete(`${API}/tenants/${tenant.id}?confirm=true`)).statusCode).toBe(403);
    const unconfirmed = await root.delete(`${API}/tenants/${tenant.id}`);
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().error.code).toBe('TENANT_DELETE_NOT_CONFIRMED');
    expect((await root.delete(`${API}/tenants/${tenant.id}?confirm=true`)).statusCode).toBe(204);
    expect((await root.get(`${API}/tenants/${tenant.id}`)).statusCode).toBe(404);
    // The tenant's admins go with it; the audit trail stays.
    expect(
      await database.db
        .selectFrom('admins')
        .select('id')
        .where('tenant_id', '=', tenant.id)
        .execute(),
    ).toEqual([]);
    const trail = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', tenant.id)
      .execute();
    expect(trail.map((a) => a.action)).toContain('tenant.delete');
  });

  it('lists with paging and prefix search; a tenant admin sees only its own tenant', async () => {
    const prefix = unique('List');
    for (let i = 0; i < 3; i++) await root.post(`${API}/tenants`, { name: `${prefix}-${i}` });
    const page1 = await root.get(
      `${API}/tenants?q=${encodeURIComponent(prefix.toLowerCase())}&page_size=2`,
    );
    expect(page1.json()).toMatchObject({ total: 3, page: 1, page_size: 2 });
    expect(page1.json().items.map((x: { name: string }) => x.name)).toEqual([
      `${prefix}-0`,
      `${prefix}-1`,
    ]);
    const page2 = await root.get(
      `${API}/tenants?q=${encodeURIComponent(prefix)}&page_size=2&page=2`,
    );
    expect(page2.json().items.map((x: { name: string }) => x.name)).toEqual([`${prefix}-2`]);
    const { tenant, session } = await tenantWithAdmin(t.app, root);
    const own = await session.get(`${API}/tenants`);
    expect(own.json().items.map((x: { id: string }) => x.id)).toEqual([tenant.id]);
  });

  describe('public look-up by verification ID', () => {
    it('finds an active tenant from what a person typed (case, spaces, dashes, look-alikes)', async () => {
      const tenant = (await root.post(`${API}/tenants`, { name: unique('Lookup') })).json();
      const lookup = createTenantLookup({
        db: database.db,
        clock: new ManualClock(),
        perClientPerMinute: 100,
      });
      const typed = ` ${tenant.verification_id.slice(0, 4).toUpperCase()}-${tenant.verification_id.slice(4)} `;
      expect((await lookup.lookup(typed, '198.51.100.1')).id).toBe(tenant.id);
    });

    it('answers malformed and unknown IDs alike, and a suspended tenant as suspended', async () => {
      const tenant = (
        await root.post(`${API}/tenants`, { name: unique('Susp'), status: 'suspended' })
      ).json();
      const lookup = createTenantLookup({
        db: database.db,
        clock: new ManualClock(),
        perClientPerMinute: 100,
      });
      expect(await codeOf(lookup.lookup('zzzzzzzzzzzz', 'c'))).toBe('TENANT_NOT_FOUND');
      expect(await codeOf(lookup.lookup('not an id at all', 'c'))).toBe('TENANT_NOT_FOUND');
      expect(await codeOf(lookup.lookup('', 'c'))).toBe('TENANT_NOT_FOUND');
      expect(await codeOf(lookup.lookup(tenant.verification_id, 'c'))).toBe('TENANT_SUSPENDED');
    });

    it('rate limits each client, and the window passes', async () => {
      const clock = new ManualClock();
      const lookup = createTenantLookup({ db: database.db, clock, perClientPerMinute: 3 });
      for (let i = 0; i < 3; i++)
        expect(await codeOf(lookup.lookup('aaaaaaaaaaaa', 'greedy'))).toBe('TENANT_NOT_FOUND');
      expect(await codeOf(lookup.lookup('aaaaaaaaaaaa', 'greedy'))).toBe('RATE_LIMITED');
      expect(await codeOf(lookup.lookup('aaaaaaaaaaaa', 'someone-else'))).toBe('TENANT_NOT_FOUND');
      clock.advance(60_000);
      expect(await codeOf(lookup.lookup('aaaaaaaaaaaa', 'greedy'))).toBe('TENANT_NOT_FOUND');
    });
  });
});
