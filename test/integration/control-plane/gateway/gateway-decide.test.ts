// Gateway decisions over HTTP: gateway keys (created once, hashed, revocable, per tenant), the
// JSON decision endpoint and forward-auth, allow and deny by policy, and a revoked session
// denied on the very next call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  startTestApp,
  tenantWithAdmin,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { sha256Hex } from '../../../../control-plane/security/tokens.ts';
import {
  allowDepartment,
  appBody,
  clientSession,
  policyWorld,
  type PolicyWorld,
} from '../policy/policy-world.ts';

describe.each(engines)('gateway decisions ($name)', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let w: PolicyWorld;
  let key: string;
  let engApp: string;
  let denyPolicy: string;
  const s: Record<string, { token: string; sessionId: string }> = {};

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    w = await policyWorld(t, database);
    engApp = (
      await w.admin.post(`${w.base}/applications`, appBody('Eng wiki', 'eng.corp.example'))
    ).json().application.id;
    await w.admin.post(
      `${w.base}/policies`,
      allowDepartment('Engineering', 'od-eng', [engApp], 100),
    );
    denyPolicy = (
      await w.admin.post(`${w.base}/policies`, {
        name: 'No Bob',
        priority: 10,
        action: 'deny',
        subjects: { users: [w.users.bob] },
        resources: { applications: [engApp] },
      })
    ).json().policy.id;
    const created = await w.admin.post(`${w.base}/gateway-keys`, { name: 'edge nginx' });
    expect(created.statusCode, created.body).toBe(201);
    key = created.json().key;
    for (const name of ['alice', 'bob', 'carol'] as const)
      s[name] = await clientSession(t, database, w, w.users[name]);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const decide = (body: Record<string, unknown>, gatewayKey: string | null = key) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/gateway/decide',
      headers: gatewayKey ? { 'x-gatehouse-gateway-key': gatewayKey } : {},
      payload: { host: 'eng.corp.example', port: 443, path: '/', ...body },
    });
  const forward = (headers: Record<string, string>, gatewayKey: string | null = key) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/gateway/forward-auth',
      headers: { ...(gatewayKey ? { 'x-gatehouse-gateway-key': gatewayKey } : {}), ...headers },
    });

  it('stores gateway keys hashed, lists them without the key, audits and revokes', async () => {
    expect(key).toMatch(/^ghgw_/);
    const row = await database.db
      .selectFrom('gateway_keys')
      .selectAll()
      .where('tenant_id', '=', w.tenantId)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sha256Hex(key));
    expect(JSON.stringify(row)).not.toContain(key);
    const list = await w.admin.get(`${w.base}/gateway-keys`);
    expect(list.body).not.toContain(key);
    expect(list.json().items).toEqual([
      expect.objectContaining({ name: 'edge nginx', prefix: key.slice(0, 11), revoked_at: null }),
    ]);

    const spare = (await w.admin.post(`${w.base}/gateway-keys`, { name: 'spare' })).json();
    expect((await decide({ access_token: s.alice!.token }, spare.key)).statusCode).toBe(200);
    const revoked = await w.admin.post(`${w.base}/gateway-keys/${spare.id}/revoke`);
    expect(revoked.statusCode).toBe(204);
    const after = await decide({ access_token: s.alice!.token }, spare.key);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('GATEWAY_KEY_INVALID');
    const audit = await w.admin.get(`${API}/audit-log?tenant_id=${w.tenantId}&limit=200`);
    const actions = (audit.json().items as { action: string; after: unknown }[]).map(
      (i) => i.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['gateway_key.create', 'gateway_key.revoke']));
    expect(audit.body).not.toContain(spare.key);
  });

  it('refuses callers without a valid gateway key', async () => {
    const none = await decide({ access_token: s.alice!.token }, null);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('GATEWAY_KEY_REQUIRED');
    const wrong = await decide({ access_token: s.alice!.token }, `ghgw_${'A'.repeat(43)}`);
    expect(wrong.json().error.code).toBe('GATEWAY_KEY_INVALID');
    const fa = await forward({ 'x-original-url': 'https://eng.corp.example/' }, 'nonsense');
    expect(fa.statusCode).toBe(401);
    expect(fa.json().error.code).toBe('GATEWAY_KEY_INVALID');
  });

  it('decides allow and deny by policy, with the policy and the reason', async () => {
    const alice = (await decide({ access_token: s.alice!.token })).json();
    expect(alice).toMatchObject({
      decision: 'allow',
      reason: 'matched_allow',
      authenticated: true,
      policy: { name: 'Engineering' },
      application_id: engApp,
      user: { id: w.users.alice, name: 'Alice', email: 'alice@corp.example' },
      session_id: s.alice!.sessionId,
    });
    const bob = (await decide({ access_token: s.bob!.token })).json();
    expect(bob).toMatchObject({
      decision: 'deny',
      reason: 'matched_deny',
      policy: { id: denyPolicy, name: 'No Bob' },
      reason_text: { en: 'Denied by the policy "No Bob".' },
    });
    const carol = (await decide({ access_token: s.carol!.token })).json();
    expect(carol).toMatchObject({ decision: 'deny', reason: 'default_deny', policy: null });
    const elsewhere = (
      await decide({ access_token: s.alice!.token, host: 'other.example' })
    ).json();
    expect(elsewhere).toMatchObject({ decision: 'deny', reason: 'no_application' });
    const port = (await decide({ access_token: s.alice!.token, port: 22 })).json();
    expect(port.reason).toBe('no_application');
  });

  it('treats bad tokens and tokens of another tenant as unauthenticated', async () => {
    const bad = (await decide({ access_token: 'x.y.z' })).json();
    expect(bad).toMatchObject({ decision: 'deny', reason: 'token_invalid', authenticated: false });
    const empty = (await decide({ access_token: '' })).json();
    expect(empty.reason).toBe('token_missing');
    const { session: other } = await tenantWithAdmin(t.app, w.platform);
    const otherTenant = (await w.platform.get(`${API}/tenants`))
      .json()
      .items.find((x: { id: string }) => x.id !== w.tenantId).id as string;
    const otherKey = (
      await other.post(`${API}/tenants/${otherTenant}/gateway-keys`, { name: 'theirs' })
    ).json().key as string;
    const cross = (await decide({ access_token: s.alice!.token }, otherKey)).json();
    expect(cross).toMatchObject({ decision: 'deny', reason: 'token_invalid' });
  });

  it('speaks forward-auth: 200 with identity headers, 403 with the reason, 401 without a session', async () => {
    const allow = await forward({
      authorization: `Bearer ${s.alice!.token}`,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'eng.corp.example',
      'x-forwarded-uri': '/docs',
    });
    expect(allow.statusCode).toBe(200);
    expect(allow.headers['x-gatehouse-user']).toBe(w.users.alice);
    expect(allow.headers['x-gatehouse-user-email']).toBe('alice%40corp.example');
    expect(allow.headers['x-gatehouse-session']).toBe(s.alice!.sessionId);
    expect(allow.headers['cache-control']).toBe('no-store');

    const cookie = await forward({
      cookie: `gatehouse_access=${s.alice!.token}`,
      'x-original-url': 'https://eng.corp.example/',
    });
    expect(cookie.statusCode).toBe(200);

    const deny = await forward({
      authorization: `Bearer ${s.bob!.token}`,
      'x-original-url': 'https://eng.corp.example/',
    });
    expect(deny.statusCode).toBe(403);
    expect(deny.headers['x-gatehouse-reason']).toBe('matched_deny');
    expect(deny.headers['x-gatehouse-policy']).toBe(denyPolicy);
    expect(deny.headers['x-gatehouse-user']).toBeUndefined();

    const anonymous = await forward({ 'x-original-url': 'https://eng.corp.example/' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    expect(anonymous.headers['x-gatehouse-reason']).toBe('token_missing');
    const malformed = await forward({
      authorization: 'Basic abc',
      'x-original-url': 'https://eng.corp.example/',
    });
    expect(malformed.statusCode).toBe(401);
    expect(malformed.headers['x-gatehouse-reason']).toBe('token_invalid');

    const nowhere = await forward({ authorization: `Bearer ${s.alice!.token}` });
    expect(nowhere.statusCode).toBe(403);
    expect(nowhere.headers['x-gatehouse-reason']).toBe('invalid_destination');
  });

  it('denies a revoked session on the very next decision', async () => {
    const fresh = await clientSession(t, database, w, w.users.alice);
    expect((await decide({ access_token: fresh.token })).json().decision).toBe('allow');
    const r = await w.admin.post(`${w.base}/sessions/${fresh.sessionId}/revoke`);
    expect(r.statusCode).toBe(204);
    const after = (await decide({ access_token: fresh.token })).json();
    expect(after).toMatchObject({
      decision: 'deny',
      reason: 'session_revoked',
      authenticated: false,
      error_code: 'SESSION_REVOKED_BY_ADMIN',
    });
    const fa = await forward({
      authorization: `Bearer ${fresh.token}`,
      'x-original-url': 'https://eng.corp.example/',
    });
    expect(fa.statusCode).toBe(401);
    expect(fa.headers['x-gatehouse-reason']).toBe('session_revoked');
  });

  it('follows a department move without any cache in the way', async () => {
    const fresh = await clientSession(t, database, w, w.users.carol);
    expect((await decide({ access_token: fresh.token })).json().decision).toBe('deny');
    await database.db
      .updateTable('directory_memberships')
      .set({ open_department_id: 'od-eng' })
      .where('user_id', '=', w.users.carol)
      .execute();
    expect((await decide({ access_token: fresh.token })).json().decision).toBe('allow');
    await database.db
      .updateTable('directory_memberships')
      .set({ open_department_id: 'od-ops' })
      .where('user_id', '=', w.users.carol)
      .execute();
  });
});
