import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../fixtures/control-plane-suite.ts';
import { engines } from '../../fixtures/db.ts';
import {
  API,
  login,
  loginPlatform,
  tenantWithAdmin,
  unique,
  type Session,
} from '../../fixtures/control-plane-app.ts';

describe.each(engines)('admin accounts on $name', (engine) => {
  const { database, t } = useTestApp(engine, { login: false });
  // Two tests sign the platform admin out on purpose and back in again.
  let root: Session;
  beforeAll(async () => {
    root = await loginPlatform(t.app);
  });

  it('creates a tenant admin bound to its tenant, hashing the password with scrypt', async () => {
    const tenant = (await root.post(`${API}/tenants`, { name: unique('T') })).json();
    const email = `${unique('Alice')}@Example.com`;
    const res = await root.post(`${API}/admins`, {
      email,
      name: 'Alice',
      role: 'tenant_admin',
      tenant_id: tenant.id,
      password: 'alice has a long password',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email: email.toLowerCase(),
      role: 'tenant_admin',
      tenant_id: tenant.id,
      status: 'active',
    });
    const row = await database.db
      .selectFrom('admins')
      .select('password_hash')
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(
      /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/,
    );
    expect(row.password_hash).not.toContain('alice has');
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('target_id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ email: email.toLowerCase(), password: 'set' });
    expect(JSON.stringify(audit.after)).not.toContain('alice has');
  });

  it('checks role/tenant consistency, email uniqueness and password strength', async () => {
    const tenant = (await root.post(`${API}/tenants`, { name: unique('T') })).json();
    const noTenant = await root.post(`${API}/admins`, {
      email: `${unique('a')}@x.io`,
      name: 'A',
      role: 'tenant_admin',
      password: 'long enough password',
    });
    expect(noTenant.json().error.code).toBe('ADMIN_TENANT_MISMATCH');
    const platformWithTenant = await root.post(`${API}/admins`, {
      email: `${unique('b')}@x.io`,
      name: 'B',
      role: 'platform_admin',
      tenant_id: tenant.id,
      password: 'long enough password',
    });
    expect(platformWithTenant.json().error.code).toBe('ADMIN_TENANT_MISMATCH');
    const unknownTenant = await root.post(`${API}/admins`, {
      email: `${unique('c')}@x.io`,
      name: 'C',
      role: 'tenant_admin',
      tenant_id: crypto.randomUUID(),
      password: 'long enough password',
    });
    expect(unknownTenant.json().error.code).toBe('TENANT_NOT_FOUND');
    const weak = await root.post(`${API}/admins`, {
      email: `${unique('d')}@x.io`,
      name: 'D',
      role: 'platform_admin',
      password: 'short',
    });
    expect(weak.json().error.code).toBe('AUTH_PASSWORD_WEAK');
    const email = `${unique('e')}@x.io`;
    expect(
      (
        await root.post(`${API}/admins`, {
          email,
          name: 'E',
          role: 'platform_admin',
          password: 'long enough password',
        })
      ).statusCode,
    ).toBe(201);
    const dup = await root.post(`${API}/admins`, {
      email: email.toUpperCase(),
      name: 'E2',
      role: 'platform_admin',
      password: 'long enough password',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ADMIN_EMAIL_TAKEN');
  });

  it('lets a tenant admin manage its own tenant’s admins, never platform admins or other tenants', async () => {
    const a = await tenantWithAdmin(t.app, root);
    const b = await tenantWithAdmin(t.app, root);
    const colleague = await a.session.post(`${API}/admins`, {
      email: `${unique('colleague')}@x.io`,
      name: 'Colleague',
      role: 'tenant_admin',
      password: 'colleague long password',
    });
    expect(colleague.statusCode).toBe(201);
    expect(colleague.json().tenant_id).toBe(a.tenant.id);
    const listed = await a.session.get(`${API}/admins?page_size=200`);
    expect(listed.json().items.map((x: { tenant_id: string }) => x.tenant_id)).toEqual([
      a.tenant.id,
      a.tenant.id,
    ]);
    const platform = await a.session.post(`${API}/admins`, {
      email: `${unique('p')}@x.io`,
      name: 'P',
      role: 'platform_admin',
      password: 'long enough password',
    });
    expect(platform.json().error.code).toBe('AUTH_FORBIDDEN');
    const promote = await a.session.patch(`${API}/admins/${colleague.json().id}`, {
      role: 'platform_admin',
    });
    expect(promote.json().error.code).toBe('AUTH_FORBIDDEN');
    const intoB = await a.session.post(`${API}/admins`, {
      email: `${unique('q')}@x.io`,
      name: 'Q',
      role: 'tenant_admin',
      tenant_id: b.tenant.id,
      password: 'long enough password',
    });
    expect(intoB.statusCode).toBe(404);
    expect(intoB.json().error.code).toBe('TENANT_NOT_FOUND');
    const moveToB = await a.session.patch(`${API}/admins/${colleague.json().id}`, {
      tenant_id: b.tenant.id,
    });
    expect(moveToB.json().error.code).toBe('TENANT_NOT_FOUND');
    expect((await a.session.get(`${API}/admins/${b.session.adminId}`)).json().error.code).toBe(
      'ADMIN_NOT_FOUND',
    );
    expect((await a.session.get(`${API}/admins/${root.adminId}`)).json().error.code).toBe(
      'ADMIN_NOT_FOUND',
    );
    expect((await a.session.delete(`${API}/admins/${colleague.json().id}`)).statusCode).toBe(204);
  });

  it('keeps the deployment manageable: no self-demotion, no self-deletion, never zero platform admins', async () => {
    const self = await root.patch(`${API}/admins/${root.adminId}`, { status: 'disabled' });
    expect(self.json().error.code).toBe('ADMIN_SELF_CHANGE_FORBIDDEN');
    expect((await root.delete(`${API}/admins/${root.adminId}`)).json().error.code).toBe(
      'ADMIN_SELF_CHANGE_FORBIDDEN',
    );
    // Another platform admin disables everyone else but cannot remove the last active one.
    const email = `${unique('second')}@x.io`;
    const second = (
      await root.post(`${API}/admins`, {
        email,
        name: 'Second',
        role: 'platform_admin',
        password: 'second long password',
      })
    ).json();
    const other = await login(t.app, email, 'second long password');
    const platformIds = (
      await database.db
        .selectFrom('admins')
        .select('id')
        .where('role', '=', 'platform_admin')
        .where('status', '=', 'active')
        .execute()
    ).map((r) => r.id);
    for (const id of platformIds.filter((id) => id !== second.id && id !== root.adminId)) {
      expect((await other.patch(`${API}/admins/${id}`, { status: 'disabled' })).statusCode).toBe(
        200,
      );
    }
    expect(
      (await other.patch(`${API}/admins/${root.adminId}`, { status: 'disabled' })).statusCode,
    ).toBe(200);
    const last = await database.db
      .selectFrom('admins')
      .select('id')
      .where('role', '=', 'platform_admin')
      .where('status', '=', 'active')
      .execute();
    expect(last.map((r) => r.id)).toEqual([second.id]);
    // root is signed out; "second" cannot disable itself, so one remains.
    expect((await root.get(`${API}/auth/me`)).statusCode).toBe(401);
    expect(
      (await other.patch(`${API}/admins/${second.id}`, { status: 'disabled' })).json().error.code,
    ).toBe('ADMIN_SELF_CHANGE_FORBIDDEN');
    expect(
      (await other.patch(`${API}/admins/${root.adminId}`, { status: 'active' })).statusCode,
    ).toBe(200);
    root = await loginPlatform(t.app);
  });

  it('lets exactly one of two last platform admins disable the other when both try at once', async () => {
    const make = async (tag: string) => {
      const email = `${unique(tag)}@x.io`;
      await root.post(`${API}/admins`, {
        email,
        name: tag,
        role: 'platform_admin',
        password: `${tag} long password`,
      });
      return login(t.app, email, `${tag} long password`);
    };
    const x = await make('x');
    const y = await make('y');
    const others = (
      await database.db
        .selectFrom('admins')
        .select('id')
        .where('role', '=', 'platform_admin')
        .where('status', '=', 'active')
        .execute()
    )
      .map((r) => r.id)
      .filter((id) => id !== x.adminId && id !== y.adminId);
    for (const id of others)
      expect((await x.patch(`${API}/admins/${id}`, { status: 'disabled' })).statusCode).toBe(200);
    const [a, b] = await Promise.all([
      x.patch(`${API}/admins/${y.adminId}`, { status: 'disabled' }),
      y.patch(`${API}/admins/${x.adminId}`, { status: 'disabled' }),
    ]);
    const outcomes = [a, b].map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code)).sort();
    // The loser either lost the race inside the database or was signed out by the winner first.
    expect(outcomes[1]).toBe('ok');
    expect(['ADMIN_LAST_PLATFORM_ADMIN', 'AUTH_REQUIRED']).toContain(outcomes[0]);
    const active = await database.db
      .selectFrom('admins')
      .select('id')
      .where('role', '=', 'platform_admin')
      .where('status', '=', 'active')
      .execute();
    expect(active).toHaveLength(1);
    const survivor = active[0]!.id === x.adminId ? x : y;
    for (const id of others)
      expect((await survivor.patch(`${API}/admins/${id}`, { status: 'active' })).statusCode).toBe(
        200,
      );
    root = await loginPlatform(t.app);
  });

  it('resets another admin’s password, ends their sessions, and deletes admins', async () => {
    const { session, email } = await tenantWithAdmin(t.app, root);
    const reset = await root.patch(`${API}/admins/${session.adminId}`, {
      password: 'reset by the platform',
    });
    expect(reset.statusCode).toBe(200);
    expect((await session.get(`${API}/auth/me`)).statusCode).toBe(401);
    const again = await login(t.app, email, 'reset by the platform');
    expect((await root.delete(`${API}/admins/${again.adminId}`)).statusCode).toBe(204);
    expect((await root.get(`${API}/admins/${again.adminId}`)).json().error.code).toBe(
      'ADMIN_NOT_FOUND',
    );
    const list = await root.get(`${API}/admins?role=platform_admin&page_size=200`);
    expect(list.json().items.every((a: { role: string }) => a.role === 'platform_admin')).toBe(
      true,
    );
  });
});
