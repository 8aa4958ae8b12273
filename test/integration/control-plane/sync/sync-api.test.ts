import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSourceSecret } from '../../../../control-plane/identity-sources/source-secrets.ts';
import { buildSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  tenantWithAdmin,
  type Session,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';

describe.each(engines)('connectivity test and sync API on $name', (engine) => {
  let database: TestDatabase;
  let sb: Sandbox;
  let t: TestApp;
  let platform: Session;
  let tenant: { id: string };
  let other: Session;
  let base: string;
  let short: string;
  let sourceId: string;

  const app = () => sb.world.apps.find((a) => a.brand === 'feishu')!;
  const runQueued = () => t.app.background.syncWorker!.runOnce();

  beforeAll(async () => {
    database = await engine.open();
    sb = await buildSandbox({ org: 'tiny', rateLimits: false });
    const url = await sb.listen(0);
    t = await startTestApp(database, {
      config: {
        signIn: { feishu: { baseUrl: url }, lark: { baseUrl: `${url}/lark` } },
        sync: { pacing: false },
      },
    });
    platform = await loginPlatform(t.app);
    const a = await tenantWithAdmin(t.app, platform);
    tenant = a.tenant;
    other = (await tenantWithAdmin(t.app, platform)).session;
    const created = await platform.post(
      `${API}/tenants/${tenant.id}/identity-sources`,
      sourceBody({
        app_id: app().app_id,
        app_secret: app().app_secret,
        deletion_thresholds: {
          users: { value: 1, unit: 'count' },
          departments: { value: 10, unit: 'count' },
        },
      }),
    );
    expect(created.statusCode).toBe(201);
    sourceId = created.json().id;
    base = `${API}/tenants/${tenant.id}/identity-sources/${sourceId}`;
    short = `${API}/sources/${sourceId}`;
  });
  afterAll(async () => {
    await t?.close();
    await sb?.close();
    await database?.close();
  });

  it('refuses to sync before a connectivity test passed with the current credentials', async () => {
    const res = await platform.post(`${base}/sync`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SYNC_CONNECTIVITY_NOT_PASSED');
  });

  it('runs the connectivity test, keeps the result on the source and audits it without secrets', async () => {
    const res = await platform.post(`${short}/connectivity-test`, undefined, {
      'accept-language': 'zh-CN',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'passed', brand: 'feishu', credentials_version: 1 });
    const source = (await platform.get(base)).json();
    expect(source.connectivity.status).toBe('passed');
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'identity_source.connectivity_test')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(app().app_secret);
  });

  it('queues a sync now (202), refuses a second one (409) and runs it to success', async () => {
    const first = await platform.post(`${base}/sync`);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ status: 'queued', trigger: 'manual' });
    const second = await platform.post(`${short}/sync`);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('SYNC_ALREADY_RUNNING');
    expect(await runQueued()).toBe(true);
    const run = (await platform.get(`${base}/sync-runs/${first.json().id}`)).json();
    expect(run).toMatchObject({
      status: 'succeeded',
      trigger: 'first',
      phase: null,
      hold_reasons: [],
    });
    expect(run.counts.users.created).toBeGreaterThan(0);
    expect(run.api_calls).toBeGreaterThan(0);
    const list = (await platform.get(`${short}/sync-runs?page_size=10`)).json();
    expect(list).toMatchObject({ total: 1, items: [{ id: run.id }] });
    const users = (
      await platform.get(
        `${API}/tenants/${tenant.id}/identity-sources/${sourceId}/directory/users?page_size=200`,
      )
    ).json();
    expect(users.total).toBe(run.counts.users.created);
  });

  it('holds a run above the threshold, lists who would be disabled, and applies it on approval', async () => {
    const victims = [...sb.ctx.store.users.values()]
      .filter((u) => u.tenantKey === sb.world.tenantKey && !u.deleted && !u.isTenantManager)
      .slice(0, 2);
    for (const u of victims) sb.ctx.store.resignUser(u.key);
    const queued = (await platform.post(`${base}/sync`)).json();
    await runQueued();
    const held = (
      await platform.get(`${short}/sync-runs/${queued.id}`, { 'accept-language': 'zh-CN' })
    ).json();
    expect(held).toMatchObject({
      status: 'blocked',
      pending: { user: { disable: 2 } },
      hold_reasons: [
        {
          code: 'SYNC_HELD_USER_THRESHOLD',
          approvable: true,
          params: { count: 2, limit: 1 },
          message: '本次同步将移除 2 个用户，超过阈值允许的 1 个，未应用任何变更。',
        },
      ],
    });
    const changes = (
      await platform.get(`${base}/sync-runs/${queued.id}/changes?action=disable,delete`)
    ).json();
    expect(changes.total).toBe(2);
    expect(changes.items.map((c: { name: string }) => c.name).sort()).toEqual(
      victims.map((v) => v.name).sort(),
    );
    expect(changes.items.every((c: { reason: string }) => c.reason === 'resigned')).toBe(true);

    const approved = await platform.post(`${base}/sync-runs/${queued.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ applied: true, run: { status: 'succeeded' } });
    const disabled = await database.db
      .selectFrom('directory_users')
      .select('name')
      .where('source_id', '=', sourceId)
      .where('disabled_reason', '=', 'resigned')
      .execute();
    expect(disabled.map((d) => d.name).sort()).toEqual(victims.map((v) => v.name).sort());
    const again = await platform.post(`${base}/sync-runs/${queued.id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SYNC_RUN_NOT_BLOCKED');
  });

  it('approving a held run after the directory changed recomputes it in a new run', async () => {
    const live = () =>
      [...sb.ctx.store.users.values()].filter(
        (u) => u.tenantKey === sb.world.tenantKey && !u.deleted && !u.isTenantManager,
      );
    for (const u of live().slice(0, 2)) sb.ctx.store.resignUser(u.key);
    const queued = (await platform.post(`${base}/sync`)).json();
    await runQueued();
    expect((await platform.get(`${base}/sync-runs/${queued.id}`)).json().status).toBe('blocked');
    // The directory moves on (as an event would): bump its version.
    await database.db
      .updateTable('identity_sources')
      .set((eb) => ({ directory_version: eb('directory_version', '+', 1) }))
      .where('id', '=', sourceId)
      .execute();
    const res = await platform.post(`${short}/sync-runs/${queued.id}/approve`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      applied: false,
      run: { status: 'discarded' },
      next_run: { status: 'queued', trigger: 'approval', approved_run_id: queued.id },
    });
    expect(body.run.superseded_by).toBe(body.next_run.id);
    await runQueued();
    const next = (await platform.get(`${base}/sync-runs/${body.next_run.id}`)).json();
    expect(next).toMatchObject({ status: 'succeeded', counts: { users: { disabled: 2 } } });
  });

  it('discards a held run: nothing applied, audited with counts', async () => {
    const victims = [...sb.ctx.store.users.values()]
      .filter((u) => u.tenantKey === sb.world.tenantKey && !u.deleted && !u.isTenantManager)
      .slice(0, 2);
    for (const u of victims) sb.ctx.store.resignUser(u.key);
    const queued = (await platform.post(`${base}/sync`)).json();
    await runQueued();
    const res = await platform.post(`${base}/sync-runs/${queued.id}/discard`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'discarded', decided_by: platform.adminId });
    const rows = await database.db
      .selectFrom('directory_users')
      .select('status')
      .where('source_id', '=', sourceId)
      .where(
        'name',
        'in',
        victims.map((v) => v.name),
      )
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['active', 'active']);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_id', '=', queued.id)
      .where('action', '=', 'sync.run.discard')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({
      counts: { users: { disabled: 2 } },
      hold_reasons: ['SYNC_HELD_USER_THRESHOLD'],
    });
  });

  it('will not run on credentials other than the tested ones, even with the same version', async () => {
    const row = await database.db
      .selectFrom('identity_sources')
      .select(['connectivity_report', 'app_secret_enc'])
      .where('id', '=', sourceId)
      .executeTakeFirstOrThrow();
    const fingerprint = (row.connectivity_report as { credentials_fingerprint?: string })
      .credentials_fingerprint;
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(row.connectivity_report)).not.toContain(app().app_secret);
    // Behind the service's back (a restored backup, a manual edit): same version, other secret.
    await database.db
      .updateTable('identity_sources')
      .set({
        app_secret_enc: encryptSourceSecret(
          t.secretBox,
          sourceId,
          'app_secret',
          'swapped-secret-0001',
        ),
      })
      .where('id', '=', sourceId)
      .execute();
    try {
      const queued = await platform.post(`${base}/sync`);
      expect(queued.statusCode).toBe(202);
      await runQueued();
      const run = (await platform.get(`${base}/sync-runs/${queued.json().id}`)).json();
      expect(run).toMatchObject({
        status: 'failed',
        error: { code: 'SYNC_CONNECTIVITY_NOT_PASSED' },
      });
    } finally {
      await database.db
        .updateTable('identity_sources')
        .set({ app_secret_enc: row.app_secret_enc })
        .where('id', '=', sourceId)
        .execute();
    }
  });

  it('resets connectivity when the App Secret changes', async () => {
    const patched = await platform.patch(base, { app_secret: 'another-secret-value-123' });
    expect(patched.statusCode).toBe(200);
    const res = await platform.post(`${base}/sync`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SYNC_CONNECTIVITY_NOT_PASSED');
    const test = (await platform.post(`${base}/connectivity-test`)).json();
    expect(test.status).toBe('failed');
    expect(test.credentials_version).toBe(2);
    await platform.patch(base, { app_secret: app().app_secret });
  });

  it("answers 404 for another tenant's source on every route and spelling", async () => {
    const runs = await database.db
      .selectFrom('sync_runs')
      .select('id')
      .where('source_id', '=', sourceId)
      .execute();
    const runId = runs[0]!.id;
    for (const prefix of [base, short]) {
      for (const [method, path] of [
        ['POST', '/connectivity-test'],
        ['POST', '/sync'],
        ['GET', '/sync-runs'],
        ['GET', `/sync-runs/${runId}`],
        ['GET', `/sync-runs/${runId}/changes`],
        ['POST', `/sync-runs/${runId}/approve`],
        ['POST', `/sync-runs/${runId}/discard`],
      ] as const) {
        const res = await other.request({ method, url: `${prefix}${path}` });
        expect(res.statusCode, `${method} ${prefix}${path}`).toBe(404);
      }
    }
  });

  it('validates input: bad ids and filters are 400 with a stable code', async () => {
    const bad = await platform.get(`${API}/sources/not-a-uuid/sync-runs`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    const filter = await platform.get(`${short}/sync-runs?status=exploded`);
    expect(filter.statusCode).toBe(400);
    const action = await platform.get(
      `${short}/sync-runs/${crypto.randomUUID()}/changes?action=nuke`,
    );
    expect(action.statusCode).toBe(400);
    const missing = await platform.get(`${short}/sync-runs/${crypto.randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('SYNC_RUN_NOT_FOUND');
  });
});
