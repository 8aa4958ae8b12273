import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  departmentChildren,
  usersByDepartment,
  usersByIds,
} from '../../../../control-plane/feishu/contact-api.ts';
import { FeishuClient } from '../../../../control-plane/feishu/feishu-client.ts';
import { FeishuError } from '../../../../control-plane/feishu/feishu-error.ts';
import { sandboxBaseUrls } from '../../../../control-plane/feishu/hosts.ts';
import { buildSandbox, type Sandbox } from '../../../../sandbox/server.ts';

let sb: Sandbox;
let url: string;

beforeAll(async () => {
  sb = await buildSandbox({ org: 'small', rateLimits: false });
  url = await sb.listen(0);
});
afterAll(async () => sb?.close());
beforeEach(async () => {
  await fetch(`${url}/sandbox/faults`, { method: 'DELETE' });
  await fetch(`${url}/sandbox/rate-limits`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enabled: false, overrides: {} }),
  });
});

const feishuApp = () => sb.world.apps.find((a) => a.brand === 'feishu')!;

const client = (over: Partial<ConstructorParameters<typeof FeishuClient>[0]> = {}) =>
  new FeishuClient({
    brand: 'feishu',
    appId: feishuApp().app_id,
    appSecret: feishuApp().app_secret,
    baseUrls: sandboxBaseUrls(url),
    pacing: false,
    backoff: { baseMs: 5, capMs: 20 },
    ...over,
  });

async function fault(rule: Record<string, unknown>) {
  const res = await fetch(`${url}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  expect(res.status).toBe(201);
}

async function allDepartments(c: FeishuClient, pageSize = 50) {
  const out: string[] = [];
  for await (const page of departmentChildren(c, '0', { fetchChild: true, pageSize })) {
    out.push(...page.map((d) => d.open_department_id));
  }
  return out;
}

describe('FeishuClient against the sandbox', () => {
  it('pages through every department and every member, counting its calls', async () => {
    const c = client();
    const depts = await allDepartments(c);
    expect(depts.length).toBe(sb.world.tenants[0]!.departments);
    const members = new Set<string>();
    for (const d of ['0', ...depts]) {
      for await (const page of usersByDepartment(c, d))
        for (const u of page) members.add(u.open_id);
    }
    // Every person but the resigned ones is a member somewhere.
    const store = sb.ctx.store;
    const live = [...store.users.values()].filter(
      (u) => u.tenantKey === sb.world.tenantKey && !u.deleted,
    ).length;
    expect(members.size).toBe(live);
    expect(c.stats.tokenFetches).toBe(1);
    expect(c.stats.requests).toBe(
      1 +
        c.stats.byEndpoint['GET /open-apis/contact/v3/departments/:department_id/children']! +
        c.stats.byEndpoint['GET /open-apis/contact/v3/users/find_by_department']!,
    );
    expect(
      c.stats.byEndpoint['GET /open-apis/contact/v3/users/find_by_department'],
    ).toBeGreaterThanOrEqual(depts.length + 1);
  });

  it('reads resigned users by id in batches', async () => {
    const resigned = [...sb.ctx.store.users.values()].filter(
      (u) => u.tenantKey === sb.world.tenantKey && u.status.is_resigned,
    );
    expect(resigned.length).toBeGreaterThan(0);
    const openIds = resigned.map((u) => sb.ctx.store.openIds.openIdFor(feishuApp().app_id, u.key));
    const users = await usersByIds(client(), [...openIds, 'ou_unknown']);
    expect(users.map((u) => u.open_id).sort()).toEqual(openIds.sort());
    expect(users.every((u) => u.status?.is_resigned)).toBe(true);
  });

  it('retries injected 5xx answers and dropped connections with backoff', async () => {
    await fault({
      path: '/open-apis/contact/v3/departments',
      kind: 'status',
      status: 503,
      times: 2,
    });
    await fault({ path: '/open-apis/contact/v3/users/find_by_department', kind: 'drop', times: 2 });
    const c = client();
    expect((await allDepartments(c)).length).toBeGreaterThan(0);
    for await (const page of usersByDepartment(c, '0')) expect(page.length).toBeGreaterThan(0);
    expect(c.stats.retries).toBe(4);
  });

  it('gives up after maxAttempts with FEISHU_UNAVAILABLE', async () => {
    await fault({ path: '/open-apis/contact/v3/departments', kind: 'status', status: 500 });
    const c = client({ maxAttempts: 3 });
    const err = await allDepartments(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({ code: 'FEISHU_UNAVAILABLE' });
    expect(
      c.stats.byEndpoint['GET /open-apis/contact/v3/departments/:department_id/children'],
    ).toBe(3);
  });

  it('waits out a 429 for x-ogw-ratelimit-reset seconds, then goes on', async () => {
    await fault({
      path: '/open-apis/contact/v3/users/find_by_department',
      kind: 'rate_limit',
      times: 1,
    });
    const c = client();
    const t0 = performance.now();
    for await (const page of usersByDepartment(c, '0')) expect(page.length).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(c.stats.rateLimited).toBe(1);
  });

  it('completes under the sandbox rate limits with a low override, honouring each 429', async () => {
    await fetch(`${url}/sandbox/rate-limits`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enabled: true,
        overrides: {
          'GET /open-apis/contact/v3/departments/:department_id/children': { perSecond: 1 },
        },
      }),
    });
    const c = client({ pacing: { perSecond: 50, perMinute: 1000 } });
    const depts = await allDepartments(c, 5);
    expect(depts.length).toBe(sb.world.tenants[0]!.departments);
    expect(c.stats.rateLimited).toBeGreaterThan(0);
  });

  it('refreshes the tenant token once when the platform says it is invalid', async () => {
    const c = client();
    await c.tenantToken();
    await fault({
      path: '/open-apis/contact/v3/users/find_by_department',
      kind: 'invalid_token',
      times: 1,
    });
    for await (const page of usersByDepartment(c, '0')) expect(page.length).toBeGreaterThan(0);
    expect(c.stats.tokenFetches).toBe(2);
  });

  it('refreshes a token the platform expired (sandbox clock past two hours)', async () => {
    const c = client();
    for await (const page of usersByDepartment(c, '0')) expect(page.length).toBeGreaterThan(0);
    sb.ctx.clock.advance(2 * 3600_000 + 1000);
    for await (const page of usersByDepartment(c, '0')) expect(page.length).toBeGreaterThan(0);
    expect(c.stats.tokenFetches).toBe(2);
  });

  it('does not loop when a fresh token is refused too', async () => {
    await fault({ path: '/open-apis/contact/v3/users/find_by_department', kind: 'invalid_token' });
    const c = client();
    const err = await usersByDepartment(c, '0')
      .next()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FEISHU_API_ERROR', info: { feishuCode: 99991663 } });
    expect(c.stats.tokenFetches).toBe(2);
  });

  it('reports a wrong secret as FEISHU_CREDENTIALS_INVALID without the secret anywhere', async () => {
    const secret = 'wrong-secret-1234567890abcdef';
    const c = client({ appSecret: secret });
    const err = (await c.tenantToken().catch((e: unknown) => e)) as FeishuError;
    expect(err).toMatchObject({ code: 'FEISHU_CREDENTIALS_INVALID', info: { feishuCode: 10014 } });
    const everything =
      JSON.stringify({ err, info: err.info, message: err.message, c }) + String(err.stack);
    expect(everything).not.toContain(secret);
    expect(JSON.stringify(client())).not.toContain(feishuApp().app_secret);
  });

  it('classifies a contact-range refusal (40004) and a missing scope (99991672)', async () => {
    const app = sb.ctx.store.requireApp(feishuApp().app_id);
    const saved = { range: app.contactRange, scopes: [...app.scopes] };
    const firstDept = [...sb.ctx.store.departments.values()].find(
      (d) => d.tenantKey === sb.world.tenantKey,
    )!;
    try {
      sb.ctx.store.setContactRange(app.appId, {
        kind: 'partial',
        departmentKeys: [firstDept.key],
        userKeys: [],
      });
      const denied = await allDepartments(client()).catch((e: unknown) => e);
      expect(denied).toMatchObject({
        code: 'FEISHU_CONTACT_RANGE_DENIED',
        info: { feishuCode: 40004, httpStatus: 403 },
      });
      sb.ctx.store.setContactRange(app.appId, saved.range);
      sb.ctx.store.updateApp(app.appId, {
        scopes: saved.scopes.filter(
          (s) =>
            s !== 'contact:contact.base:readonly' && s !== 'contact:department.organize:readonly',
        ),
      });
      const missing = await allDepartments(client()).catch((e: unknown) => e);
      expect(missing).toMatchObject({
        code: 'FEISHU_SCOPE_MISSING',
        info: { feishuCode: 99991672 },
      });
      expect((missing as FeishuError).info.missingScopes?.length).toBeGreaterThan(0);
    } finally {
      sb.ctx.store.setContactRange(app.appId, saved.range);
      sb.ctx.store.updateApp(app.appId, { scopes: saved.scopes });
    }
  });

  it('talks to Lark on its own host', async () => {
    const lark = sb.world.apps.find((a) => a.brand === 'lark')!;
    const c = new FeishuClient({
      brand: 'lark',
      appId: lark.app_id,
      appSecret: lark.app_secret,
      baseUrls: sandboxBaseUrls(url),
      pacing: false,
    });
    expect(c.baseUrl).toBe(`${url}/lark`);
    expect((await allDepartments(c)).length).toBe(sb.world.tenants[0]!.departments);
  });
});
