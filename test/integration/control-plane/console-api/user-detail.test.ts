// What the console's user detail and sessions pages read: a user's entitlements as the policy
// service computes them (with the deciding policy), nothing for a disabled user, the sessions
// list paged by cursor and searched, and the application/policy lists searched; every refusal
// with its stable code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  startTestApp,
  tenantWithAdmin,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  allowDepartment,
  appBody,
  clientSession,
  policyWorld,
  type PolicyWorld,
} from '../policy/policy-world.ts';

interface SessionItem {
  id: string;
  user_name: string | null;
  created_at: string;
  status: string;
}
interface SessionPage {
  items: SessionItem[];
  next_cursor: string | null;
  total: number;
  total_exact: boolean;
}

describe.each(engines)('console user detail and sessions on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let w: PolicyWorld;
  let engApp: string;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    w = await policyWorld(t, database);
    engApp = (
      await w.admin.post(`${w.base}/applications`, appBody('Eng wiki', 'eng.corp.example'))
    ).json().application.id;
    const opsApp = (
      await w.admin.post(`${w.base}/applications`, appBody('Ops board', 'ops.corp.example'))
    ).json().application.id;
    for (const body of [
      allowDepartment('Engineering wiki', 'od-eng', [engApp], 100),
      allowDepartment('Operations board', 'od-ops', [opsApp], 100),
    ])
      expect((await w.admin.post(`${w.base}/policies`, body)).statusCode).toBe(201);
    for (let i = 0; i < 7; i++) await clientSession(t, database, w, w.users.alice);
    for (let i = 0; i < 2; i++) await clientSession(t, database, w, w.users.bob);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const entitlementsUrl = (userId: string) => `${w.base}/users/${userId}/entitlements`;

  it('shows what a user may open and which policy decided it (subtree included)', async () => {
    const bob = await w.admin.get(entitlementsUrl(w.users.bob));
    expect(bob.statusCode, bob.body).toBe(200);
    expect(bob.json()).toMatchObject({
      user_status: 'active',
      entitlements: {
        user_id: w.users.bob,
        applications: [
          { id: engApp, name: 'Eng wiki', decided_by: { policy_name: 'Engineering wiki' } },
        ],
      },
    });
    const carol = (await w.admin.get(entitlementsUrl(w.users.carol))).json();
    expect(carol.entitlements.applications.map((a: { name: string }) => a.name)).toEqual([
      'Ops board',
    ]);
  });

  it('gives a disabled user nothing, and refuses unknown users, bad ids and other tenants', async () => {
    await database.db
      .updateTable('directory_users')
      .set({ status: 'disabled' })
      .where('id', '=', w.users.carol)
      .execute();
    try {
      expect((await w.admin.get(entitlementsUrl(w.users.carol))).json()).toEqual({
        user_status: 'disabled',
        entitlements: null,
      });
    } finally {
      await database.db
        .updateTable('directory_users')
        .set({ status: 'active' })
        .where('id', '=', w.users.carol)
        .execute();
    }
    const unknown = await w.admin.get(entitlementsUrl(randomUUID()), {
      'accept-language': 'zh-CN',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: 'DIRECTORY_USER_NOT_FOUND',
      message: '用户不存在。',
    });
    const bad = await w.admin.get(entitlementsUrl('not-a-uuid'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    const outsider = (await tenantWithAdmin(t.app, w.platform)).session;
    const other = await outsider.get(entitlementsUrl(w.users.alice));
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('TENANT_NOT_FOUND');
    // The user belongs to another tenant: not found in this one, even for a platform admin.
    const { tenant } = await tenantWithAdmin(t.app, w.platform);
    const crossed = await w.platform.get(
      `/api/v1/admin/tenants/${tenant.id}/users/${w.users.alice}/entitlements`,
    );
    expect(crossed.json().error.code).toBe('DIRECTORY_USER_NOT_FOUND');
  });

  async function walkSessions(query: string, pageSize: number): Promise<SessionItem[]> {
    const seen: SessionItem[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await w.admin.get(
        `${w.base}/sessions?page_size=${pageSize}${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as SessionPage;
      seen.push(...page.items);
      cursor = page.next_cursor;
      if (!cursor) return seen;
    }
    throw new Error('the walk did not end');
  }

  it('pages sessions newest first by cursor, each once, and searches them', async () => {
    const all = await walkSessions('', 2);
    expect(all).toHaveLength(9);
    expect(new Set(all.map((s) => s.id)).size).toBe(9);
    for (let k = 1; k < all.length; k++) {
      const [a, b] = [all[k - 1]!, all[k]!];
      expect(a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id)).toBe(
        true,
      );
    }
    const bobs = await walkSessions('&q=BOB', 1);
    expect(bobs.map((s) => s.user_name)).toEqual(['Bob', 'Bob']);
    expect((await walkSessions(`&user_id=${w.users.alice}`, 3)).length).toBe(7);
    const first = (await w.admin.get(`${w.base}/sessions?page_size=4`)).json() as SessionPage;
    expect(first).toMatchObject({ total: 9, total_exact: true });
  });

  it('lists a revoked session under revoked, and refuses bad cursors', async () => {
    const [victim] = await walkSessions(`&user_id=${w.users.bob}`, 5);
    expect((await w.admin.post(`${w.base}/sessions/${victim!.id}/revoke`)).statusCode).toBe(204);
    const revoked = await walkSessions('&status=revoked', 5);
    expect(revoked.map((s) => [s.id, s.status])).toEqual([[victim!.id, 'revoked']]);
    expect((await walkSessions('', 50)).length).toBe(8);
    const forged = Buffer.from(JSON.stringify(['yesterday', randomUUID()])).toString('base64url');
    const bad = await w.admin.get(`${w.base}/sessions?cursor=${forged}`, {
      'accept-language': 'zh-CN',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('PAGE_CURSOR_INVALID');
    expect(bad.json().error.fix).toMatch(/next_cursor/);
  });

  it('searches applications and policies by name, id, tag or address', async () => {
    const apps = async (q: string) =>
      (await w.admin.get(`${w.base}/applications?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((a: { name: string }) => a.name);
    expect(await apps('wiki')).toEqual(['Eng wiki']);
    expect(await apps('OPS.CORP')).toEqual(['Ops board']);
    expect(await apps('internal')).toEqual(['Eng wiki', 'Ops board'].sort());
    expect(await apps('nothing-like-it')).toEqual([]);
    const policies = (await w.admin.get(`${w.base}/policies?q=board`)).json();
    expect(policies.items.map((p: { name: string }) => p.name)).toEqual(['Operations board']);
    const unknownParam = await w.admin.get(`${w.base}/policies?sort=name`);
    expect(unknownParam.statusCode).toBe(400);
  });
});
