// Time windows: when a window of a policy concerning a live user opens, the control plane
// announces it at that instant (ADR 0006: "the control plane recomputes at that time"); the
// clock is set 4 s before a minute boundary so the window opens during the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { OffsetClock } from '../../../fixtures/offset-clock.ts';
import { appBody, clientSession, policyWorld, type PolicyWorld } from './policy-world.ts';

const WEEKDAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Weekday and minute of the day of an instant in Asia/Shanghai (the default tenant zone). */
function shanghai(at: number): { day: string; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Shanghai',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const day = get('weekday').toLowerCase().slice(0, 3);
  expect(WEEKDAY).toContain(day);
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

describe.each(engines)('entitlements at time-window edges ($name)', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let w: PolicyWorld;
  const clock = new OffsetClock();

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, { clock });
    w = await policyWorld(t, database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('announces a window opening at that instant, to the users it concerns', async () => {
    const app = (
      await w.admin.post(`${w.base}/applications`, appBody('Night ops', 'night.corp.example'))
    ).json().application.id as string;
    const session = await clientSession(t, database, w, w.users.carol);
    const other = await clientSession(t, database, w, w.users.bob);

    // 4 s before the next minute boundary (in real time, from now on).
    const boundary = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000;
    clock.advance(boundary - 4000 - clock.now().getTime());
    const opens = shanghai(boundary);
    const res = await w.admin.post(`${w.base}/policies`, {
      name: 'Ops window',
      priority: 10,
      action: 'allow',
      subjects: { departments: [{ id: 'od-ops' }] },
      resources: { applications: [app] },
      conditions: {
        time_windows: [
          { days: [opens.day], start_minute: opens.minute, end_minute: opens.minute + 1 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);

    const get = async (token: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/session/entitlements',
          headers: { authorization: `Bearer ${token}` },
        })
      ).json() as {
        entitlement_version: number;
        valid_until: number | null;
        applications: { id: string }[];
      };
    const before = await get(session.token);
    expect(before.applications.map((a) => a.id)).not.toContain(app);
    expect(before.valid_until).toBe(boundary);

    const events = (sessionId: string) =>
      database.db
        .selectFrom('session_events')
        .select('seq')
        .where('session_id', '=', sessionId)
        .where('type', '=', 'entitlements-changed')
        .execute();
    const seen = (await events(session.sessionId)).length;
    // Bounded wait: the edge is at most 4 s away.
    for (let i = 0; i < 100 && (await events(session.sessionId)).length === seen; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await events(session.sessionId)).length).toBe(seen + 1);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(boundary);

    const after = await get(session.token);
    expect(after.applications.map((a) => a.id)).toContain(app);
    expect(after.entitlement_version).toBe(before.entitlement_version + 1);
    // Bob is not in Operations: nothing changed for him.
    expect(await events(other.sessionId)).toHaveLength(0);
  });
});
