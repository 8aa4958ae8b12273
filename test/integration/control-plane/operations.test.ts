// OpenAPI document, liveness, readiness and metrics.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import {
  API,
  loginPlatform,
  startTestApp,
  type TestApp,
} from '../../fixtures/control-plane-app.ts';

describe.each(engines)('operations endpoints on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, { config: { metricsToken: 'metrics-token-0123456789' } });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const expected: [string, string][] = [
      ['post', `${API}/auth/login`],
      ['get', `${API}/auth/me`],
      ['post', `${API}/auth/logout`],
      ['get', `${API}/tenants`],
      ['post', `${API}/tenants`],
      ['patch', `${API}/tenants/{tenantId}`],
      ['post', `${API}/tenants/{tenantId}/verification-id`],
      ['get', `${API}/admins`],
      ['post', `${API}/tenants/{tenantId}/identity-sources`],
      ['patch', `${API}/tenants/{tenantId}/identity-sources/{sourceId}`],
      ['post', `${API}/tenants/{tenantId}/identity-sources/{sourceId}/close`],
      ['get', `${API}/tenants/{tenantId}/identity-sources/{sourceId}/directory/users`],
      ['get', `${API}/audit-log`],
      ['get', '/healthz'],
      ['get', '/readyz'],
      ['get', '/metrics'],
    ];
    for (const [method, path] of expected)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    // Request schemas come from zod: the create-source body lists its fields and required ones.
    const create = doc.paths[`${API}/tenants/{tenantId}/identity-sources`].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'app_id', 'app_secret']));
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining([
        'schedule',
        'scope',
        'field_mapping',
        'deletion_thresholds',
        'qr_login',
      ]),
    );
    expect(
      create.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
    ).toContain('path:tenantId');
    expect(create.responses['201']).toBeDefined();
    expect(create.responses['400']).toBeDefined();
    const users =
      doc.paths[`${API}/tenants/{tenantId}/identity-sources/{sourceId}/directory/users`].get;
    expect(users.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'department_id', 'page', 'page_size']),
    );
    // No secret appears in any answer schema: secrets are {set: boolean}.
    expect(JSON.stringify(doc.components.schemas)).toMatch(/IdentitySource/);
  });

  it('answers liveness and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
    });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
    });
  });

  it('is not ready while a migration is pending', async () => {
    const last = await database.db
      .selectFrom('schema_migrations' as never)
      .select(sql<string>`max(name)`.as('name'))
      .executeTakeFirstOrThrow();
    const name = (last as { name: string }).name;
    await sql`delete from schema_migrations where name = ${name}`.execute(database.db);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('SERVICE_NOT_READY');
      expect(res.json().error.message).toContain(name);
    } finally {
      await sql`insert into schema_migrations (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
        database.db,
      );
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('exposes Prometheus metrics behind the configured token, with request histograms by route pattern', async () => {
    const root = await loginPlatform(t.app);
    await root.get(`${API}/tenants`);
    await t.app.inject({ method: 'GET', url: '/no/such/thing' });
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /gatehouse_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/admin\/tenants",status_code="200"\} 1/,
    );
    expect(res.body).toMatch(/route="unmatched",status_code="404"/);
    expect(res.body).toMatch(/gatehouse_process_resident_memory_bytes/);
    expect(res.body).not.toContain(root.cookie.split('=')[1]);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(kept.headers['x-request-id']).toBe('trace-123');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\n{"level":60}' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
