// Client entitlements: GET /api/v1/session/entitlements answers from the directory as it is
// now; a department move (DirectorySignals) and a policy or application change bump the
// entitlement version and push entitlements-changed to exactly the users whose result changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitlementsChangedEventSchema } from '../../../../shared/domain/auth/stream-events.ts';
import { entitlementsSchema } from '../../../../shared/domain/policy/index.ts';
import { startTestApp, type TestApp } from '../../../fixtures/control-plane-app.ts';
import { notHeartbeat, openStream } from '../../../fixtures/sse-client.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  allowDepartment,
  appBody,
  clientSession,
  moveUser,
  policyWorld,
  type PolicyWorld,
} from './policy-world.ts';

interface EntitlementsAnswer {
  entitlement_version: number;
  user_id: string;
  applications: { id: string; name: string; decided_by: { policy_name: string } }[];
  denied: { app_id: string }[];
  destinations: { applications: { id: string }[] };
}

describe.each(engines)('client entitlements ($name)', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let w: PolicyWorld;
  let engApp: string;
  let opsApp: string;
  const tokens: Record<string, { token: string; sessionId: string }> = {};

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    w = await policyWorld(t, database);
    const eng = await w.admin.post(
      `${w.base}/applications`,
      appBody('Eng wiki', 'eng.corp.example'),
    );
    const ops = await w.admin.post(
      `${w.base}/applications`,
      appBody('Ops board', 'ops.corp.example'),
    );
    engApp = eng.json().application.id;
    opsApp = ops.json().application.id;
    for (const body of [
      allowDepartment('Engineering', 'od-eng', [engApp], 100),
      allowDepartment('Operations', 'od-ops', [opsApp], 100),
      allowDepartment('Mac only', 'od-eng', [opsApp], 50, { conditions: { platforms: ['macos'] } }),
    ]) {
      const res = await w.admin.post(`${w.base}/policies`, body);
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const name of ['alice', 'bob', 'carol'] as const)
      tokens[name] = await clientSession(t, database, w, w.users[name]);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const entitlementsOf = async (name: string, os?: string): Promise<EntitlementsAnswer> => {
    const token = os
      ? (await clientSession(t, database, w, w.users[name as 'alice'], os)).token
      : tokens[name]!.token;
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session/entitlements',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    // The body is the shared entitlements document (what clients parse), plus the map.
    entitlementsSchema.parse(res.json());
    return res.json() as EntitlementsAnswer;
  };
  const pushed = async (name: string): Promise<number[]> => {
    const rows = await database.db
      .selectFrom('session_events')
      .select(['payload'])
      .where('session_id', '=', tokens[name]!.sessionId)
      .where('type', '=', 'entitlements-changed')
      .orderBy('seq')
      .execute();
    // Every event is what the push stream's contract says a client receives.
    return rows.map((r) => entitlementsChangedEventSchema.parse(r.payload).entitlement_version);
  };
  const appIds = (e: EntitlementsAnswer) => e.applications.map((a) => a.id).sort();

  it('answers with the allowed applications, the deciding policy and every destination', async () => {
    const alice = await entitlementsOf('alice');
    expect(alice.user_id).toBe(w.users.alice);
    expect(alice.applications).toEqual([
      expect.objectContaining({
        id: engApp,
        name: 'Eng wiki',
        decided_by: expect.objectContaining({ policy_name: 'Engineering' }),
      }),
    ]);
    expect(alice.destinations.applications.map((a) => a.id).sort()).toEqual(
      [engApp, opsApp].sort(),
    );
    expect(appIds(await entitlementsOf('bob'))).toEqual([engApp]);
    expect(appIds(await entitlementsOf('carol'))).toEqual([opsApp]);
    // The session's platform feeds platform conditions (the Mac-only policy).
    expect(appIds(await entitlementsOf('alice', 'macOS 15.1'))).toEqual([engApp, opsApp].sort());
  });

  it('refuses without a valid live session', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/session/entitlements' });
    expect(none.statusCode).toBe(401);
    const s = await clientSession(t, database, w, w.users.carol);
    await t.app.services.signIn.sessions.logout(s.sessionId);
    const revoked = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session/entitlements',
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(revoked.statusCode).toBe(401);
  });

  it('follows a department move at once and announces only the moved user', async () => {
    const before = {
      alice: await pushed('alice'),
      bob: await pushed('bob'),
      carol: await pushed('carol'),
    };
    const v0 = (await entitlementsOf('alice')).entitlement_version;
    await moveUser(t, database, w, w.users.alice, ['od-ops']);
    const after = await entitlementsOf('alice');
    expect(appIds(after)).toEqual([opsApp]);
    expect(after.entitlement_version).toBe(v0 + 1);
    expect(await pushed('alice')).toEqual([...before.alice, v0 + 1]);
    expect(await pushed('bob')).toEqual(before.bob);
    expect(await pushed('carol')).toEqual(before.carol);
  });

  it('announces a policy change to exactly the users whose entitlements changed', async () => {
    const before = {
      alice: await pushed('alice'),
      bob: await pushed('bob'),
      carol: await pushed('carol'),
    };
    const bobV = (await entitlementsOf('bob')).entitlement_version;
    const res = await w.admin.post(
      `${w.base}/policies`,
      allowDepartment('Backend ops', 'od-be', [opsApp], 100),
    );
    expect(res.statusCode, res.body).toBe(201);
    const bob = await entitlementsOf('bob');
    expect(appIds(bob)).toEqual([engApp, opsApp].sort());
    expect(bob.entitlement_version).toBe(bobV + 1);
    expect(await pushed('bob')).toEqual([...before.bob, bobV + 1]);
    expect(await pushed('alice')).toEqual(before.alice);
    expect(await pushed('carol')).toEqual(before.carol);

    // Disabling the policy takes it back from Bob and tells him again.
    const policyId = res.json().policy.id;
    const off = await w.admin.request({
      method: 'PUT',
      url: `${w.base}/policies/${policyId}`,
      payload: { ...allowDepartment('Backend ops', 'od-be', [opsApp], 100), enabled: false },
    });
    expect(off.statusCode).toBe(200);
    expect(appIds(await entitlementsOf('bob'))).toEqual([engApp]);
    expect((await pushed('bob')).length).toBe(before.bob.length + 2);
  });

  it('announces an address change to every live user (their proxies route by the map)', async () => {
    const before = { alice: await pushed('alice'), carol: await pushed('carol') };
    const res = await w.admin.request({
      method: 'PUT',
      url: `${w.base}/applications/${engApp}`,
      payload: appBody('Eng wiki', 'wiki.eng.corp.example'),
    });
    expect(res.statusCode).toBe(200);
    expect((await pushed('alice')).length).toBe(before.alice.length + 1);
    expect((await pushed('carol')).length).toBe(before.carol.length + 1);
    const map = (await entitlementsOf('carol')).destinations.applications;
    expect(JSON.stringify(map)).toContain('wiki.eng.corp.example');
  });

  it('pushes entitlements-changed on an open stream when a policy change concerns the user', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const stream = await openStream(base, tokens.carol!.token);
    try {
      expect(stream.status).toBe(200);
      const v = (await entitlementsOf('carol')).entitlement_version;
      const res = await w.admin.post(`${w.base}/policies`, {
        name: 'Carol wiki',
        priority: 1,
        action: 'allow',
        subjects: { users: [w.users.carol] },
        resources: { applications: [engApp] },
      });
      expect(res.statusCode).toBe(201);
      const event = await stream.next(notHeartbeat, 5000);
      expect(event).toMatchObject({
        event: 'entitlements-changed',
        data: { session_id: tokens.carol!.sessionId, entitlement_version: v + 1 },
      });
      expect(appIds(await entitlementsOf('carol'))).toContain(engApp);
    } finally {
      stream.close();
    }
  });
});
