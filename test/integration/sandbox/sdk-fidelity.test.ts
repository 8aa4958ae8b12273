// The acceptance criterion: the official @larksuiteoapi/node-sdk, pointed at the sandbox, works
// unchanged, and its failures look like the ones it gets from the real platform.
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../sandbox/org/org-store.ts';
import type { SandboxApp } from '../../../sandbox/org/types.ts';
import { buildSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { makeApp } from '../../unit/sandbox/openapi-test-world.ts';

const silent = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** The SDK's default token cache is process-wide; each client here gets its own. */
function freshCache(): lark.Cache {
  const values = new Map<string, { value: unknown; expire?: number }>();
  const k = (key: unknown, ns?: string) => `${ns ?? ''}/${String(key)}`;
  return {
    async set(key, value, expire, options) {
      values.set(k(key, options?.namespace), { value, expire });
      return true;
    },
    async get(key, options) {
      const hit = values.get(k(key, options?.namespace));
      if (!hit || (hit.expire && hit.expire < Date.now())) return undefined;
      return hit.value;
    },
  };
}

interface HttpError {
  response?: {
    status: number;
    data: { code: number; msg: string };
    headers: Record<string, string>;
  };
}

async function failure(p: Promise<unknown>): Promise<HttpError['response']> {
  try {
    await p;
  } catch (e) {
    return (e as HttpError).response;
  }
  throw new Error('expected the SDK call to throw');
}

let sb: Sandbox;
let base: string;
let tokenRequests = 0;
let interceptor: number;

const clientFor = (app: { appId: string; appSecret: string }, domain = base) =>
  new lark.Client({
    appId: app.appId,
    appSecret: app.appSecret,
    domain,
    appType: lark.AppType.SelfBuild,
    loggerLevel: lark.LoggerLevel.error,
    logger: silent,
    cache: freshCache(),
  });

const worldApp = (brand: 'feishu' | 'lark'): SandboxApp => {
  const w = sb.world.apps.find((a) => a.brand === brand && a.tenant_key === sb.world.tenantKey)!;
  return sb.ctx.store.apps.get(w.app_id)!;
};

beforeAll(async () => {
  sb = await buildSandbox({ org: 'small', rateLimits: false });
  base = await sb.listen(0);
  interceptor = lark.defaultHttpInstance.interceptors.request.use((config) => {
    if (config.url?.includes('/auth/v3/tenant_access_token/internal')) tokenRequests += 1;
    return config;
  });
});
afterAll(async () => {
  lark.defaultHttpInstance.interceptors.request.eject(interceptor);
  await sb.close();
});

describe('official Node SDK against the sandbox', () => {
  it('obtains the tenant token once and reuses it', async () => {
    const client = clientFor(worldApp('feishu'));
    const before = tokenRequests;
    const a = await client.contact.department.get({ path: { department_id: ROOT } });
    const b = await client.contact.user.findByDepartment({
      params: { department_id: ROOT, page_size: 5 },
    });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(tokenRequests - before).toBe(1);
  });

  it('iterates every department and user with the ...WithIterator helpers', async () => {
    const client = clientFor(worldApp('feishu'));
    const tenantKey = sb.world.tenantKey;
    const store = sb.ctx.store;
    const departments: string[] = [];
    for await (const page of await client.contact.department.childrenWithIterator({
      path: { department_id: ROOT },
      params: { fetch_child: true, page_size: 7 },
    })) {
      expect(page).not.toBeNull();
      for (const d of page?.items ?? []) departments.push(d.open_department_id!);
    }
    const liveDepts = [...store.departments.values()].filter(
      (d) => d.tenantKey === tenantKey && !d.deleted,
    );
    expect(new Set(departments).size).toBe(liveDepts.length);
    expect(departments.length).toBe(liveDepts.length);

    const users = new Set<string>();
    for (const dept of [ROOT, ...departments]) {
      for await (const page of await client.contact.user.findByDepartmentWithIterator({
        params: { department_id: dept, page_size: 50 },
      })) {
        expect(page).not.toBeNull();
        for (const u of page?.items ?? []) users.add(u.open_id!);
      }
    }
    const activeUsers = [...store.users.values()].filter(
      (u) => u.tenantKey === tenantKey && !u.deleted && !u.status.is_resigned,
    );
    expect(users.size).toBe(activeUsers.length);
  });

  it('pages with page_token by hand and gets single users and departments', async () => {
    const app = worldApp('feishu');
    const client = clientFor(app);
    const seen: string[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < 50; i++) {
      const r = await client.contact.department.children({
        path: { department_id: ROOT },
        params: { page_size: 1, ...(pageToken ? { page_token: pageToken } : {}) },
      });
      for (const d of r.data?.items ?? []) seen.push(d.open_department_id!);
      if (!r.data?.has_more) break;
      pageToken = r.data.page_token;
    }
    expect(seen.length).toBe(sb.ctx.store.childrenOf(sb.world.tenantKey, ROOT).length);

    const dept = await client.contact.department.get({
      path: { department_id: seen[0]! },
      params: { department_id_type: 'open_department_id' },
    });
    expect(dept.data?.department?.open_department_id).toBe(seen[0]);
    expect(typeof dept.data?.department?.order).toBe('string');

    const sample = sb.world.sampleUsers.find((u) => u.role === 'member')!;
    const user = await client.contact.user.get({
      path: { user_id: sample.union_id },
      params: { user_id_type: 'union_id' },
    });
    expect(user.data?.user?.name).toBe(sample.name);
    expect(user.data?.user?.open_id).toMatch(/^ou_/);
  });

  it('works for a Lark app with the /lark domain', async () => {
    const client = clientFor(worldApp('lark'), `${base}/lark`);
    const r = await client.contact.user.findByDepartment({ params: { department_id: ROOT } });
    expect(r.code).toBe(0);
    expect(r.data?.items?.length).toBeGreaterThan(0);
  });

  it('surfaces HTTP 400 and 40004 (403) errors as thrown axios errors with {code, msg}', async () => {
    const client = clientFor(worldApp('feishu'));
    const bad = await failure(
      client.contact.department.children({
        path: { department_id: ROOT },
        params: { page_size: 51 },
      }),
    );
    expect(bad?.status).toBe(400);
    expect(bad?.data).toMatchObject({ code: 40009 });

    const firstDept = sb.ctx.store.childrenOf(sb.world.tenantKey, ROOT)[0]!;
    const partial = makeApp(
      sb.ctx.store,
      'cli_sdk_partial',
      ['contact:contact.base:readonly'],
      { kind: 'partial', departmentKeys: [firstDept.key], userKeys: [] },
      { tenantKey: sb.world.tenantKey },
    );
    const forbidden = await failure(
      clientFor(partial).contact.department.children({ path: { department_id: ROOT } }),
    );
    expect(forbidden?.status).toBe(403);
    expect(forbidden?.data).toMatchObject({ code: 40004, msg: 'no dept authority error' });
  });

  it('keeps using its cached token after the sandbox clock passes expiry (99991663)', async () => {
    const app = worldApp('feishu');
    const client = clientFor(app);
    expect((await client.contact.department.get({ path: { department_id: ROOT } })).code).toBe(0);
    sb.ctx.clock.advance(2 * 60 * 60 * 1000 + 1000);
    // The SDK's cache runs on real time, so it does not know the token expired: it sends it,
    // gets 99991663 and throws; it does not refresh on its own.
    const expired = await failure(client.contact.department.get({ path: { department_id: ROOT } }));
    expect(expired?.status).toBe(400);
    expect(expired?.data.code).toBe(99991663);
    // A client with an empty cache asks for a new token and carries on.
    const fresh = clientFor(app);
    expect((await fresh.contact.department.get({ path: { department_id: ROOT } })).code).toBe(0);
  });

  it('surfaces a 429 rate limit and an injected 500', async () => {
    const client = clientFor(worldApp('feishu'));
    const put = await fetch(`${base}/sandbox/rate-limits`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enabled: true,
        overrides: { 'GET /open-apis/contact/v3/departments/:department_id': { perMinute: 1 } },
      }),
    });
    expect(put.status).toBe(200);
    try {
      await client.contact.department.get({ path: { department_id: ROOT } });
      const limited = await failure(
        client.contact.department.get({ path: { department_id: ROOT } }),
      );
      expect(limited?.status).toBe(429);
      expect(limited?.data).toEqual({ code: 99991400, msg: 'request trigger frequency limit' });
      expect(limited?.headers['x-ogw-ratelimit-limit']).toBe('1');
      expect(Number(limited?.headers['x-ogw-ratelimit-reset'])).toBeGreaterThan(0);
    } finally {
      await fetch(`${base}/sandbox/rate-limits`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: false, overrides: {} }),
      });
    }

    const fault = await fetch(`${base}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/open-apis/contact/v3/users', kind: 'status', times: 1 }),
    });
    expect(fault.status).toBe(201);
    const injected = await failure(
      client.contact.user.findByDepartment({ params: { department_id: ROOT } }),
    );
    expect(injected?.status).toBe(500);
    expect(injected?.data.code).toBe(55001);
    expect(
      (await client.contact.user.findByDepartment({ params: { department_id: ROOT } })).code,
    ).toBe(0);
  });
});
