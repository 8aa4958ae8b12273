import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { ManualClock } from '../../fixtures/manual-clock.ts';
import {
  API,
  login,
  loginPlatform,
  PLATFORM_EMAIL,
  PLATFORM_PASSWORD,
  startTestApp,
  unique,
  type TestApp,
} from '../../fixtures/control-plane-app.ts';

describe.each(engines)('admin sign-in and sessions on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  const clock = new ManualClock();

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, {
      clock,
      config: { sessions: { ttlHours: 12, idleMinutes: 60 } },
    });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const createAdmin = async (email: string, password = 'a long enough password') => {
    const root = await loginPlatform(t.app);
    const r = await root.post(`${API}/admins`, {
      email,
      name: 'X',
      role: 'platform_admin',
      password,
    });
    expect(r.statusCode).toBe(201);
    return { email, password };
  };

  it('signs in, sets a HttpOnly SameSite cookie scoped to the admin API, Secure on https', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: PLATFORM_EMAIL, password: PLATFORM_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^gatehouse_admin_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Path=\/api\/v1\/admin/);
    const body = res.json();
    expect(body.admin).toMatchObject({
      email: PLATFORM_EMAIL,
      role: 'platform_admin',
      tenant_id: null,
    });
    expect(body.admin).not.toHaveProperty('password_hash');
    expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('leaves Secure off when the public URL is plain http (local development)', async () => {
    const local = await startTestApp(database, {
      clock,
      config: { publicUrl: 'http://127.0.0.1:4020' },
    });
    try {
      const res = await local.app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email: PLATFORM_EMAIL, password: PLATFORM_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
    } finally {
      await local.close();
    }
  });

  it('never logs passwords, session cookies or CSRF tokens', async () => {
    const s = await loginPlatform(t.app);
    await s.get(`${API}/auth/me`);
    await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: PLATFORM_EMAIL, password: 'a wrong guess 123' },
    });
    const text = t.logs.text();
    expect(text).toContain('/auth/me');
    for (const secret of [PLATFORM_PASSWORD, 'a wrong guess 123', s.cookie.split('=')[1]!, s.csrf])
      expect(text).not.toContain(secret);
  });

  it('stores only a hash of the session token', async () => {
    const s = await loginPlatform(t.app);
    const token = s.cookie.split('=')[1]!;
    const rows = await database.db.selectFrom('admin_sessions').select('id_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('answers the same 401 for an unknown email and a wrong password, in the asked language', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: 'nobody@example.com', password: 'whatever password' },
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: PLATFORM_EMAIL, password: 'wrong password!!' },
      headers: { 'accept-language': 'zh-CN' },
    });
    for (const res of [unknown, wrong]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({
        code: 'AUTH_INVALID_CREDENTIALS',
        message: '邮箱或密码不正确。',
      });
      expect(res.json().error.messages.en).toBe('The email or password is incorrect.');
    }
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('requires a session for every admin route and accepts one afterwards', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: `${API}/tenants` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
    const forged = await t.app.inject({
      method: 'GET',
      url: `${API}/tenants`,
      headers: { cookie: 'gatehouse_admin_session=forged' },
    });
    expect(forged.statusCode).toBe(401);
    const s = await loginPlatform(t.app);
    expect((await s.get(`${API}/tenants`)).statusCode).toBe(200);
    const me = await s.get(`${API}/auth/me`);
    expect(me.statusCode).toBe(200);
    expect(me.json().csrf_token).toBe(s.csrf);
  });

  it('refuses state-changing requests without the session’s CSRF token, and writes nothing', async () => {
    const s = await loginPlatform(t.app);
    const name = unique('csrf');
    const without = await t.app.inject({
      method: 'POST',
      url: `${API}/tenants`,
      payload: { name },
      headers: { cookie: s.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('AUTH_CSRF_INVALID');
    const other = await loginPlatform(t.app);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `${API}/tenants`,
      payload: { name },
      headers: { cookie: s.cookie, 'x-csrf-token': other.csrf },
    });
    expect(foreign.statusCode).toBe(403);
    expect(
      await database.db.selectFrom('tenants').select('id').where('name', '=', name).execute(),
    ).toEqual([]);
    expect((await s.post(`${API}/tenants`, { name })).statusCode).toBe(201);
  });

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const s = await loginPlatform(t.app);
    const out = await s.post(`${API}/auth/logout`);
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(
      /gatehouse_admin_session=;.*Expires=Thu, 01 Jan 1970/,
    );
    expect((await s.get(`${API}/auth/me`)).statusCode).toBe(401);
  });

  it('ends sessions at the idle timeout and at the absolute expiry', async () => {
    const idle = await loginPlatform(t.app);
    clock.advance(61 * 60_000);
    expect((await idle.get(`${API}/auth/me`)).statusCode).toBe(401);

    const busy = await loginPlatform(t.app);
    // Active every 50 minutes: never idle, but the 12-hour lifetime still ends it.
    for (let step = 1; step <= 15; step++) {
      clock.advance(50 * 60_000);
      const res = await busy.get(`${API}/auth/me`);
      expect(res.statusCode).toBe(step * 50 < 12 * 60 ? 200 : 401);
    }
  });

  it('locks an account after repeated failures, even for the right password, then lets it in again', async () => {
    const { email, password } = await createAdmin(`${unique('lock')}@example.com`);
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email, password: 'not the password' },
      });
      expect(r.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const fifth = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email, password: 'not the password' },
    });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
    expect(Number(fifth.headers['retry-after'])).toBe(900);
    const right = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email, password },
    });
    expect(right.statusCode).toBe(429);
    clock.advance(15 * 60_000 + 1000);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `${API}/auth/login`,
          payload: { email, password },
        })
      ).statusCode,
    ).toBe(200);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_label', '=', email)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.login_failed', 'auth.locked', 'auth.login']),
    );
  });

  it('rate limits sign-in attempts per client address', async () => {
    const limited = await startTestApp(database, {
      clock,
      config: { login: { maxFailures: 100, lockMinutes: 1, perIpPerMinute: 3 } },
    });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: `${API}/auth/login`,
          payload: { email: 'x@example.com', password: 'y password' },
          remoteAddress: '192.0.2.7',
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const fourth = await attempt();
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json().error.code).toBe('RATE_LIMITED');
      expect(fourth.headers['retry-after']).toBeDefined();
      const otherClient = await limited.app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email: PLATFORM_EMAIL, password: PLATFORM_PASSWORD },
        remoteAddress: '192.0.2.8',
      });
      expect(otherClient.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('changes one’s own password, ending the other sessions but not this one', async () => {
    const { email, password } = await createAdmin(`${unique('pw')}@example.com`);
    const a = await login(t.app, email, password);
    const b = await login(t.app, email, password);
    const weak = await a.post(`${API}/auth/password`, {
      current_password: password,
      new_password: 'short',
    });
    expect(weak.json().error.code).toBe('AUTH_PASSWORD_WEAK');
    const wrong = await a.post(`${API}/auth/password`, {
      current_password: 'nope nope nope',
      new_password: 'a brand new passphrase',
    });
    expect(wrong.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(
      (
        await a.post(`${API}/auth/password`, {
          current_password: password,
          new_password: 'a brand new passphrase',
        })
      ).statusCode,
    ).toBe(204);
    expect((await a.get(`${API}/auth/me`)).statusCode).toBe(200);
    expect((await b.get(`${API}/auth/me`)).statusCode).toBe(401);
    await login(t.app, email, 'a brand new passphrase');
  });

  it('signs out a disabled admin at once', async () => {
    const { email, password } = await createAdmin(`${unique('dis')}@example.com`);
    const victim = await login(t.app, email, password);
    const root = await loginPlatform(t.app);
    expect(
      (await root.patch(`${API}/admins/${victim.adminId}`, { status: 'disabled' })).statusCode,
    ).toBe(200);
    expect((await victim.get(`${API}/auth/me`)).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email, password },
    });
    expect(again.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });
});
