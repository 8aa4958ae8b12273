import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { ManualClock } from '../../fixtures/manual-clock.ts';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  tenantWithAdmin,
  unique,
  type Session,
  type TestApp,
} from '../../fixtures/control-plane-app.ts';

describe.each(engines)('audit log on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let root: Session;
  const clock = new ManualClock();

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, { clock });
    root = await loginPlatform(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('records who did what to which target, when, with before/after and request id/IP', async () => {
    const tenant = (
      await root.post(
        `${API}/tenants`,
        { name: unique('Audit') },
        { 'x-request-id': 'req-audit-1' },
      )
    ).json();
    clock.advance(1000);
    await root.patch(
      `${API}/tenants/${tenant.id}`,
      { time_zone: 'UTC' },
      { 'x-request-id': 'req-audit-2' },
    );
    const res = await root.get(`${API}/audit-log?target_type=tenant&target_id=${tenant.id}`);
    const [update, create] = res.json().items;
    expect(create).toMatchObject({
      action: 'tenant.create',
      tenant_id: tenant.id,
      actor: { type: 'admin', id: root.adminId, label: 'root@example.com' },
      target_type: 'tenant',
      target_id: tenant.id,
      before: null,
      request_id: 'req-audit-1',
      ip: '127.0.0.1',
    });
    expect(update).toMatchObject({
      action: 'tenant.update',
      request_id: 'req-audit-2',
      before: { time_zone: 'Asia/Shanghai' },
      after: { time_zone: 'UTC' },
    });
    expect(new Date(update.at).getTime() - new Date(create.at).getTime()).toBe(1000);
  });

  it('filters by tenant, actor, action (with area wildcard) and time, and pages with a cursor', async () => {
    const { tenant, session } = await tenantWithAdmin(t.app, root);
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      await session.post(`${API}/tenants/${tenant.id}/identity-sources`, sourceBody());
    }
    const byActor = await root.get(
      `${API}/audit-log?actor_id=${session.adminId}&action=identity_source.create`,
    );
    expect(byActor.json().items).toHaveLength(5);
    const area = await root.get(`${API}/audit-log?tenant_id=${tenant.id}&action=identity_source.*`);
    expect(
      area.json().items.every((e: { action: string }) => e.action.startsWith('identity_source.')),
    ).toBe(true);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { json(): { items: { id: number }[]; next_cursor: string | null } } =
        await root.get(
          `${API}/audit-log?tenant_id=${tenant.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
      seen.push(...page.json().items.map((e) => e.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    const all = await database.db
      .selectFrom('audit_log')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .orderBy('id', 'desc')
      .execute();
    expect(seen).toEqual(all.map((r) => r.id));

    const from = new Date(clock.now().getTime() - 150_000).toISOString();
    const recent = await root.get(
      `${API}/audit-log?tenant_id=${tenant.id}&from=${encodeURIComponent(from)}`,
    );
    expect(recent.json().items).toHaveLength(3);
  });

  it('rejects malformed filters with field paths', async () => {
    const res = await root.get(`${API}/audit-log?from=yesterday&limit=5000&cursor=-1`);
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.details.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['cursor', 'from', 'limit']);
    expect(res.json().error.details.fields[0].in).toBe('querystring');
  });
});
