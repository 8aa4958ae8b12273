// Garbage against every route of the OpenAPI document: bodies, path parameters, query strings
// and malformed requests. Every answer must be a 4xx from the catalog (never a 5xx) and the
// database must be exactly as before.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCatalog4xx, snapshotTables } from '../../fixtures/bad-input.ts';
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

interface Route {
  method: string;
  path: string;
  hasBody: boolean;
}

const GARBAGE_PARAMS = [
  '',
  ' ',
  'not-a-uuid',
  "' or 1=1 --",
  '../../etc/passwd',
  '%00',
  '0'.repeat(150),
  '😀'.repeat(20),
  '00000000-0000-0000-0000-00000000000g',
  '{}',
];

describe.each(engines)('bad input on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let root: Session;
  let routes: Route[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, { config: { bodyLimitBytes: 64 * 1024 } });
    root = await loginPlatform(t.app);
    const tw = await tenantWithAdmin(t.app, root);
    const source = (
      await root.post(`${API}/tenants/${tw.tenant.id}/identity-sources`, sourceBody())
    ).json();
    const users = await seedDirectory(
      database.db,
      source.id,
      [{ id: 'od-x', name: 'X', parent: '0' }],
      [{ openId: 'ou_x', name: 'X', departments: ['od-x'] }],
    );
    ids = {
      tenantId: tw.tenant.id,
      sourceId: source.id,
      adminId: tw.session.adminId,
      departmentId: 'od-x',
      userId: users.get('ou_x')!,
    };
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        hasBody: Boolean(op.requestBody),
      })),
    );
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
      'directory_memberships',
      'audit_log',
      'sync_runs',
      'events_inbox',
    ] as const);

  const urlOf = (path: string, params: Record<string, string>) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'missing'));

  it('documents the admin API and operations routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  it('rejects garbage bodies on every route that takes one, writing nothing', async () => {
    const before = await snapshot();
    const garbage = fc
      .sample(
        fc.oneof(
          fc.anything({ maxDepth: 3 }),
          fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 2 }), {
            minKeys: 1,
            maxKeys: 6,
          }),
          fc.record({
            name: fc.anything(),
            app_id: fc.anything(),
            email: fc.anything(),
            password: fc.anything(),
            status: fc.anything(),
          }),
        ),
        { numRuns: 25, seed: 42 },
      )
      .filter(
        (v) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
      );
    let sent = 0;
    for (const route of routes.filter(
      (r) => r.hasBody && r.path.startsWith(API) && !r.path.endsWith('/auth/login'),
    )) {
      for (const body of garbage) {
        const res = await root.request({
          method: route.method as 'POST',
          url: urlOf(route.path, ids),
          payload: JSON.stringify(body) ?? 'null',
          headers: { 'content-type': 'application/json' },
        });
        expectCatalog4xx(res, `${route.method} ${route.path} ${JSON.stringify(body)}`);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(await snapshot()).toBe(before);
  });

  it('rejects garbage path parameters on every route, writing nothing', async () => {
    const before = await snapshot();
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const name of names) {
        for (const bad of GARBAGE_PARAMS) {
          const res = await root.request({
            method: route.method as 'GET',
            url: urlOf(route.path, { ...ids, [name]: bad }),
            ...(route.hasBody ? { payload: { confirm: true } } : {}),
          });
          expectCatalog4xx(res, `${route.method} ${route.path} ${name}=${bad}`);
        }
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('never fails on garbage query strings, and reads write nothing', async () => {
    const before = await snapshot();
    const queries = fc.sample(
      fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 40 }), {
        minKeys: 1,
        maxKeys: 4,
      }),
      { numRuns: 15, seed: 7 },
    );
    queries.push(
      { page: '-1' },
      { page_size: '100000' },
      { page: '1e400' },
      { q: '%'.repeat(200) },
      { parent_id: "'; drop table tenants; --" },
    );
    for (const route of routes.filter(
      (r) => r.method === 'GET' && r.path !== '/api/openapi.json',
    )) {
      for (const q of queries) {
        const res = await root.request({
          method: 'GET',
          url: `${urlOf(route.path, ids)}?${new URLSearchParams(q).toString()}`,
        });
        expect(res.statusCode, `${route.path}?${JSON.stringify(q)}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expectCatalog4xx(res, route.path);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('answers malformed requests with catalog codes', async () => {
    const url = `${API}/tenants`;
    const cases: [Parameters<Session['request']>[0], number, string][] = [
      [
        {
          method: 'POST',
          url,
          payload: '{"name": ',
          headers: { 'content-type': 'application/json' },
        },
        400,
        'REQUEST_MALFORMED_BODY',
      ],
      [
        { method: 'POST', url, payload: '', headers: { 'content-type': 'application/json' } },
        400,
        'REQUEST_MALFORMED_BODY',
      ],
      [
        {
          method: 'POST',
          url,
          payload: '{"__proto__": {"x": 1}, "name": "p"}',
          headers: { 'content-type': 'application/json' },
        },
        400,
        'REQUEST_MALFORMED_BODY',
      ],
      [
        {
          method: 'POST',
          url,
          payload: 'name=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        415,
        'REQUEST_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        {
          method: 'POST',
          url,
          payload: JSON.stringify({ name: 'x'.repeat(70 * 1024) }),
          headers: { 'content-type': 'application/json' },
        },
        413,
        'REQUEST_BODY_TOO_LARGE',
      ],
      [
        { method: 'POST', url, payload: '[]', headers: { 'content-type': 'application/json' } },
        400,
        'REQUEST_VALIDATION_FAILED',
      ],
      [{ method: 'PUT', url }, 404, 'ROUTE_NOT_FOUND'],
      [{ method: 'GET', url: `${API}/nothing/here` }, 404, 'ROUTE_NOT_FOUND'],
    ];
    const before = await snapshot();
    for (const [request, status, code] of cases) {
      const res = await root.request(request);
      expect(
        res.statusCode,
        `${request.method} ${String(request.payload).slice(0, 40)}: ${res.body}`,
      ).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await snapshot()).toBe(before);
  });

  it('answers garbage from signed-out callers with 401 before reading it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/tenants`,
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: ['x'], password: { $gt: '' } },
    });
    expectCatalog4xx(login, 'login');
  });
});
