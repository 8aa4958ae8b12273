// Incremental sync end to end, nothing driven by hand: a full sync through the job queue, then the
// sandbox (Feishu) pushes signed, encrypted contact events to the control plane's endpoint on
// 127.0.0.1 as its org changes, at least once (duplicates on), concurrently (so out of order at
// times); the directory follows and the same signals a full sync raises are raised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type GatehouseApp } from '../../../../control-plane/app.ts';
import { enqueueSync } from '../../../../control-plane/jobs/sync-queue.ts';
import { buildSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import { testConfig } from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { createEventSource, type EventSource } from '../../../fixtures/event-source.ts';
import { captureLogs } from '../../../fixtures/log-capture.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { randomBytes } from 'node:crypto';

const clock = { now: () => new Date() };
const until = async <T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.each(engines)('sandbox events to the directory on $name', (engine) => {
  let database: TestDatabase;
  let sb: Sandbox;
  let sandboxUrl: string;
  let app: GatehouseApp;
  let base: string;
  let source: EventSource;
  const seen: string[] = [];

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandboxUrl}/sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const user = (openId: string) =>
    database.db
      .selectFrom('directory_users')
      .selectAll()
      .where('source_id', '=', source.sourceId)
      .where('open_id', '=', openId)
      .executeTakeFirst();
  const memberships = async (userId: string) =>
    (
      await database.db
        .selectFrom('directory_memberships')
        .select('open_department_id')
        .where('user_id', '=', userId)
        .execute()
    )
      .map((m) => m.open_department_id)
      .sort();
  const department = (openId: string) =>
    database.db
      .selectFrom('directory_departments')
      .selectAll()
      .where('source_id', '=', source.sourceId)
      .where('open_department_id', '=', openId)
      .executeTakeFirst();

  beforeAll(async () => {
    database = await engine.open();
    sb = await buildSandbox({
      org: 'small',
      rateLimits: false,
      retryScale: 0.001,
      duplicateRate: 0.3,
    });
    sandboxUrl = await sb.listen(0);
    const feishu = sb.world.apps.find(
      (a) => a.brand === 'feishu' && a.tenant_key === sb.world.tenantKey,
    )!;
    const secretBox = new SecretBox(randomBytes(32));
    app = await buildApp({
      config: testConfig({ signIn: { feishu: { baseUrl: sandboxUrl } }, sync: { pacing: false } }),
      db: database.db,
      logger: captureLogs('warn').logger,
      secretBox,
      jobs: { intervals: { eventsMs: 50, syncMs: 50, scheduleMs: 60_000 } },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    source = await createEventSource(database.db, secretBox, clock, {
      appId: feishu.app_id,
      app_secret: feishu.app_secret,
      encryptKey: feishu.encrypt_key,
      verificationToken: feishu.verification_token,
      connectivity: 'passed',
      auto_sync: false,
      sync_user_info: false,
    });
    app.directorySignals.subscribe({
      onUserDisabled: (id, reason) => void seen.push(`disabled:${id}:${reason}`),
      onUserAttributesChanged: (id) => void seen.push(`changed:${id}`),
    });
    app.background.start();
    // The first full sync goes through the same queue as "sync now".
    const run = await enqueueSync(database.db, new Date(), {
      sourceId: source.sourceId,
      tenantId: source.tenantId,
      trigger: 'manual',
    });
    app.background.wakeSync();
    const done = await until(
      'the first full sync',
      async () => {
        const r = await database.db
          .selectFrom('sync_runs')
          .selectAll()
          .where('id', '=', run.id)
          .executeTakeFirstOrThrow();
        return r.status !== 'queued' && r.status !== 'running' && r;
      },
      60_000,
    );
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    await admin('PUT', `/apps/${feishu.app_id}/event-subscription`, {
      request_url: `${base}/api/v1/feishu/events/${source.sourceId}`,
      encrypt_key: feishu.encrypt_key,
      verification_token: feishu.verification_token,
    });
  }, 120_000);
  afterAll(async () => {
    await sb?.close();
    await app?.close();
    await database?.close();
  });

  it('disables a resigned employee (departments from old_object) and raises the signal', async () => {
    const member = sb.world.sampleUsers.find((u) => u.role === 'member')!;
    const victim = [...sb.ctx.store.users.values()].find((u) => u.unionId === member.union_id);
    const openId = sb.ctx.store.openIds.openIdFor(source.appId, victim!.key);
    const before = await user(openId);
    expect(before?.status).toBe('active');
    await admin('POST', `/users/${encodeURIComponent(victim!.unionId)}/resign`);
    const after = await until('the resignation', async () => {
      const u = await user(openId);
      return u?.status === 'disabled' && u;
    });
    expect(after.disabled_reason).toBe('resigned');
    await until('the disabled signal', async () =>
      seen.includes(`disabled:${before!.id}:resigned`),
    );
  });

  it('moves an employee to another department and a department under another', async () => {
    const departments = await database.db
      .selectFrom('directory_departments')
      .selectAll()
      .where('source_id', '=', source.sourceId)
      .where('status', '=', 'active')
      .orderBy('path')
      .execute();
    const mover = [...sb.ctx.store.users.values()].find(
      (u) =>
        u.tenantKey === sb.world.tenantKey &&
        !u.status.is_resigned &&
        !u.status.is_frozen &&
        u.departmentKeys.length === 1 &&
        u.departmentKeys[0] !== '0',
    )!;
    const openId = sb.ctx.store.openIds.openIdFor(source.appId, mover.key);
    const row = (await user(openId))!;
    const from = await memberships(row.id);
    const target = departments.find((d) => !from.includes(d.open_department_id))!;
    await admin('PATCH', `/users/${encodeURIComponent(mover.unionId)}`, {
      departments: [target.open_department_id],
    });
    await until(
      'the user move',
      async () => (await memberships(row.id)).join() === target.open_department_id,
    );
    // Signals follow the commit, so they may come a moment after the rows are visible.
    await until('the attributes signal', async () => seen.includes(`changed:${row.id}`));

    // A department with children moves under a department of another branch.
    const parent = departments.find((d) =>
      departments.some((c) => c.parent_open_department_id === d.open_department_id),
    )!;
    const newParent = departments.find(
      (d) => !d.path.startsWith(parent.path) && !parent.path.startsWith(d.path),
    )!;
    await admin('PATCH', `/departments/${parent.open_department_id}`, {
      parent: newParent.open_department_id,
    });
    const moved = await until('the department move', async () => {
      const d = await department(parent.open_department_id);
      return d?.parent_open_department_id === newParent.open_department_id && d;
    });
    expect(moved.path).toBe(`${newParent.path}${parent.open_department_id}/`);
    const child = departments.find(
      (c) => c.parent_open_department_id === parent.open_department_id,
    )!;
    expect((await department(child.open_department_id))?.path).toBe(
      `${moved.path}${child.open_department_id}/`,
    );
  });

  it('creates and renames what Feishu creates and renames, each delivered event stored once', async () => {
    const created = await admin('POST', '/users', {
      name: '新同事',
      email: 'new.hire@acme.example',
      departments: ['0'],
      user_id: 'newhire01',
    });
    const unionId = created.union_id ?? created.user?.union_id;
    const key = [...sb.ctx.store.users.values()].find((u) => u.unionId === unionId)!.key;
    const openId = sb.ctx.store.openIds.openIdFor(source.appId, key);
    const row = await until('the new user', async () => await user(openId));
    expect(row).toMatchObject({ name: '新同事', username: 'newhire01', status: 'active' });
    await admin('PATCH', `/users/${encodeURIComponent(unionId)}`, { name: '新同事二' });
    await until('the rename', async () => (await user(openId))?.name === '新同事二');
    // Deliveries (duplicates included) became one inbox row per event id.
    await new Promise((r) => setTimeout(r, 500));
    const deliveries = (await admin('GET', `/apps/${source.appId}/deliveries?limit=1000`))
      .deliveries as { event_id: string; state: string; duplicate: boolean }[];
    const delivered = new Set(
      deliveries.filter((d) => d.state === 'delivered').map((d) => d.event_id),
    );
    const rows = await database.db
      .selectFrom('events_inbox')
      .select(['event_id', 'status'])
      .where('source_id', '=', source.sourceId)
      .execute();
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    for (const id of delivered)
      expect(
        rows.some((r) => r.event_id === id),
        id,
      ).toBe(true);
    expect(rows.every((r) => ['applied', 'stale', 'ignored'].includes(r.status))).toBe(true);
    expect(deliveries.some((d) => d.duplicate)).toBe(true);
  });
});
