// Applications and policies in the admin API: CRUD with the shared model's validation,
// unknown subjects and applications refused by name, overlapping addresses flagged, reorder,
// what-if, tenant isolation and the audit trail (before/after).
import { beforeAll, describe, expect, it } from 'vitest';
import { API, tenantWithAdmin } from '../../../fixtures/control-plane-app.ts';
import { useTestApp } from '../../../fixtures/control-plane-suite.ts';
import { engines } from '../../../fixtures/db.ts';
import { allowDepartment, appBody, policyWorld, type PolicyWorld } from './policy-world.ts';

type AppOut = {
  application: { id: string; name: string };
  warnings: { overlaps: { kind: string; outer: { app_id: string }; inner: { app_id: string } }[] };
};
type PolicyOut = {
  policy: { id: string; priority: number; name: string };
  warnings: { compile: { code: string }[] };
};

describe.each(engines)('policy admin API ($name)', (engine) => {
  const { database, t } = useTestApp(engine, { login: false });
  let w: PolicyWorld;
  beforeAll(async () => {
    w = await policyWorld(t, database);
  });

  const createApp = async (name: string, host: string, extra: Record<string, unknown> = {}) => {
    const res = await w.admin.post(`${w.base}/applications`, appBody(name, host, extra));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as AppOut;
  };

  it('creates, reads, replaces and deletes an application, flagging overlapping addresses', async () => {
    const wiki = await createApp('Wiki', 'wiki.corp.example');
    expect(wiki.warnings.overlaps).toEqual([]);
    const all = await createApp('All corp', '*.corp.example');
    expect(all.warnings.overlaps).toEqual([
      expect.objectContaining({
        kind: 'nested',
        outer: expect.objectContaining({ app_id: all.application.id }),
        inner: expect.objectContaining({ app_id: wiki.application.id }),
      }),
    ]);
    const twin = await createApp('Wiki twin', 'wiki.corp.example');
    expect(twin.warnings.overlaps.map((o) => o.kind)).toContain('same_host');

    const got = await w.admin.get(`${w.base}/applications/${wiki.application.id}`);
    expect(got.statusCode).toBe(200);
    expect((got.json() as AppOut).application).toMatchObject({
      name: 'Wiki',
      addresses: [{ host: 'wiki.corp.example', ports: '80,443', protocol: 'tcp' }],
      tags: ['internal'],
      enabled: true,
    });

    const put = await w.admin.request({
      method: 'PUT',
      url: `${w.base}/applications/${twin.application.id}`,
      payload: appBody('Docs', 'docs.corp.example', { enabled: false }),
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((put.json() as AppOut).application).toMatchObject({ name: 'Docs', enabled: false });

    const list = (await w.admin.get(`${w.base}/applications`)).json() as {
      items: { name: string }[];
    };
    expect(list.items.map((a) => a.name)).toEqual(['All corp', 'Docs', 'Wiki']);

    expect((await w.admin.delete(`${w.base}/applications/${twin.application.id}`)).statusCode).toBe(
      204,
    );
    expect((await w.admin.get(`${w.base}/applications/${twin.application.id}`)).statusCode).toBe(
      404,
    );
  });

  it('refuses invalid applications with the shared schema', async () => {
    const bad = await w.admin.post(`${w.base}/applications`, {
      name: 'Bad',
      addresses: [{ host: '10.0.0.1/8', ports: '443' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    const badUrl = await w.admin.post(`${w.base}/applications`, {
      name: 'Bad',
      portal_url: 'javascript:alert(1)',
    });
    expect(badUrl.statusCode).toBe(400);
  });

  it('refuses policies naming departments, users or applications that do not exist, by name', async () => {
    const app = await createApp('Git', 'git.corp.example');
    const res = await w.admin.post(`${w.base}/policies`, {
      name: 'Ghosts',
      priority: 10,
      action: 'allow',
      subjects: {
        departments: [{ id: 'od-nowhere' }, { id: 'od-eng' }],
        users: ['00000000-0000-4000-8000-000000000000', w.users.alice],
      },
      resources: { applications: [app.application.id] },
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('POLICY_UNKNOWN_SUBJECTS');
    expect(err.messages.en).toContain('department od-nowhere');
    expect(err.messages.en).toContain('user 00000000-0000-4000-8000-000000000000');
    expect(err.messages['zh-CN']).toContain('od-nowhere');
    expect(err.details).toEqual({
      unknown_departments: ['od-nowhere'],
      unknown_users: ['00000000-0000-4000-8000-000000000000'],
    });

    const noApp = await w.admin.post(
      `${w.base}/policies`,
      allowDepartment('No app', 'od-eng', ['no-such-app']),
    );
    expect(noApp.statusCode).toBe(400);
    expect(noApp.json().error.code).toBe('POLICY_UNKNOWN_APPLICATIONS');
    expect(noApp.json().error.details).toEqual({ unknown_applications: ['no-such-app'] });

    const nobody = await w.admin.post(`${w.base}/policies`, {
      name: 'Nobody',
      priority: 1,
      action: 'allow',
      subjects: {},
      resources: { all_applications: true },
    });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    expect((await w.admin.get(`${w.base}/policies`)).json().items).toEqual([]);
  });

  it('stores policies, warns about unknown tags, refuses deleting an application in use, reorders', async () => {
    const app = await createApp('CI', 'ci.corp.example');
    const a = await w.admin.post(
      `${w.base}/policies`,
      allowDepartment('Engineering CI', 'od-eng', [app.application.id], 200),
    );
    expect(a.statusCode, a.body).toBe(201);
    const p1 = a.json() as PolicyOut;
    const b = await w.admin.post(`${w.base}/policies`, {
      name: 'Tagged',
      priority: 300,
      action: 'deny',
      subjects: { all_users: true },
      resources: { tags: ['no-such-tag'] },
      conditions: {
        platforms: ['windows'],
        time_windows: [{ days: ['mon', 'tue'], start_minute: 540, end_minute: 1080 }],
      },
    });
    expect(b.statusCode, b.body).toBe(201);
    const p2 = b.json() as PolicyOut;
    expect(p2.warnings.compile).toEqual([
      expect.objectContaining({ code: 'unknown_tag', ref: 'no-such-tag' }),
      expect.objectContaining({ code: 'no_applications', policy_id: p2.policy.id }),
    ]);

    const inUse = await w.admin.delete(`${w.base}/applications/${app.application.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('POLICY_APPLICATION_IN_USE');
    expect(inUse.json().error.messages.en).toContain('"Engineering CI"');

    const reorder = await w.admin.post(`${w.base}/policies/reorder`, {
      items: [
        { id: p1.policy.id, priority: 50 },
        { id: p2.policy.id, priority: 40 },
      ],
    });
    expect(reorder.statusCode, reorder.body).toBe(200);
    const ordered = (reorder.json() as { items: { id: string; priority: number }[] }).items;
    expect(ordered.map((p) => [p.id, p.priority])).toEqual([
      [p2.policy.id, 40],
      [p1.policy.id, 50],
    ]);
    const badReorder = await w.admin.post(`${w.base}/policies/reorder`, {
      items: [
        { id: p1.policy.id, priority: 1 },
        { id: 'nope', priority: 2 },
      ],
    });
    expect(badReorder.statusCode).toBe(400);
    expect(badReorder.json().error.code).toBe('POLICY_REORDER_INVALID');
    const still = (await w.admin.get(`${w.base}/policies/${p1.policy.id}`)).json() as PolicyOut;
    expect(still.policy.priority).toBe(50);

    const replaced = await w.admin.request({
      method: 'PUT',
      url: `${w.base}/policies/${p2.policy.id}`,
      payload: { ...allowDepartment('Ops CI', 'od-ops', [app.application.id], 45) },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect((replaced.json() as PolicyOut).policy.name).toBe('Ops CI');
    expect((await w.admin.delete(`${w.base}/policies/${p2.policy.id}`)).statusCode).toBe(204);
    expect((await w.admin.delete(`${w.base}/policies/${p1.policy.id}`)).statusCode).toBe(204);
    expect((await w.admin.delete(`${w.base}/applications/${app.application.id}`)).statusCode).toBe(
      204,
    );
  });

  it('answers what-if with the decision, the deciding policy and every covering step', async () => {
    const app = await createApp('Grafana', 'grafana.corp.example');
    const id = app.application.id;
    const allowEng = (
      await w.admin.post(`${w.base}/policies`, allowDepartment('Eng Grafana', 'od-eng', [id], 100))
    ).json() as PolicyOut;
    const denyBob = (
      await w.admin.post(`${w.base}/policies`, {
        name: 'Not Bob',
        priority: 10,
        action: 'deny',
        subjects: { users: [w.users.bob] },
        resources: { applications: [id] },
      })
    ).json() as PolicyOut;
    await w.admin.post(`${w.base}/policies`, {
      ...allowDepartment('Off', 'od-ops', [id], 5),
      enabled: false,
    });
    const ask = (user: string, extra: Record<string, unknown> = {}) =>
      w.admin.post(`${w.base}/policies/what-if`, { user_id: user, application_id: id, ...extra });

    const alice = await ask(w.users.alice);
    expect(alice.statusCode, alice.body).toBe(200);
    expect(alice.json()).toMatchObject({
      decision: 'allow',
      reason: 'matched_allow',
      policy: { id: allowEng.policy.id, name: 'Eng Grafana', priority: 100 },
      reason_text: { en: 'Allowed by the policy "Eng Grafana".' },
      user: { id: w.users.alice, department_ids: ['od-eng'] },
    });
    expect(alice.json().steps.map((s: { outcome: string }) => s.outcome)).toEqual([
      'not_in_subjects',
      'matched',
    ]);
    expect(alice.json().disabled_policy_ids).toHaveLength(1);

    const bob = (await ask(w.users.bob)).json();
    expect(bob).toMatchObject({
      decision: 'deny',
      reason: 'matched_deny',
      policy: { id: denyBob.policy.id },
    });
    const carol = (
      await ask(w.users.carol, { platform: 'macos', at: '2026-11-23T10:00:00+08:00' })
    ).json();
    expect(carol).toMatchObject({ decision: 'deny', reason: 'default_deny', policy: null });
    expect(carol.at).toBe('2026-11-23T02:00:00.000Z');
    const unknownApp = (
      await w.admin.post(`${w.base}/policies/what-if`, {
        user_id: w.users.alice,
        application_id: 'nope',
      })
    ).json();
    expect(unknownApp.reason).toBe('unknown_app');
    const ghost = await ask('00000000-0000-4000-8000-000000000000');
    expect(ghost.statusCode).toBe(404);
    expect(ghost.json().error.code).toBe('POLICY_WHAT_IF_USER_NOT_FOUND');
  });

  it('keeps tenants apart: another tenant admin sees nothing and cannot write', async () => {
    const { session: other } = await tenantWithAdmin(t.app, w.platform);
    const tries = [
      other.get(`${w.base}/applications`),
      other.get(`${w.base}/policies`),
      other.post(`${w.base}/applications`, appBody('Evil', 'evil.corp.example')),
      other.post(`${w.base}/policies/what-if`, { user_id: w.users.alice, application_id: 'x' }),
    ];
    for (const res of await Promise.all(tries)) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('TENANT_NOT_FOUND');
    }
    // The platform admin sees the tenant's applications.
    const seen = await w.platform.get(`${w.base}/applications`);
    expect(seen.statusCode).toBe(200);
    expect((seen.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('audits every change with before and after', async () => {
    const app = await createApp('Audited', 'audited.corp.example');
    await w.admin.request({
      method: 'PUT',
      url: `${w.base}/applications/${app.application.id}`,
      payload: appBody('Audited 2', 'audited.corp.example'),
    });
    const res = await w.admin.get(`${API}/audit-log?tenant_id=${w.tenantId}&limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    const items = (
      res.json() as {
        items: { action: string; target_id: string | null; before: unknown; after: unknown }[];
      }
    ).items;
    const update = items.find(
      (i) => i.action === 'policy_application.update' && i.target_id === app.application.id,
    );
    expect(update?.before).toMatchObject({ name: 'Audited' });
    expect(update?.after).toMatchObject({ name: 'Audited 2' });
    const actions = new Set(items.map((i) => i.action));
    for (const a of [
      'policy_application.create',
      'policy_application.delete',
      'access_policy.create',
      'access_policy.update',
      'access_policy.delete',
      'access_policy.reorder',
    ])
      expect(actions).toContain(a);
  });
});
