// User events through the endpoint and the processor with the real Feishu user mapping:
// out-of-order updates and deletes, the matching rule linking an existing account, a subtree
// scope, events older than the last full sync, and a burst of resignations held and approved
// through the sync API like a held run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../../fixtures/directory-rows.ts';
import {
  API,
  loginPlatform,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  contactEvent,
  createEventSource,
  pushOf,
  type EventSource,
} from '../../../fixtures/event-source.ts';
import { ManualClock } from '../../../fixtures/manual-clock.ts';

describe.each(engines)('user events on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: Session;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, { clock });
    admin = await loginPlatform(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const newSource = (options: Parameters<typeof createEventSource>[3] = {}) =>
    createEventSource(database.db, t.secretBox, clock, { encryptKey: null, ...options });
  async function deliver(
    source: EventSource,
    type: string,
    event: Record<string, unknown>,
    createdMs = clock.now().getTime(),
  ) {
    const envelope = contactEvent(source, type, event, { createdMs });
    const push = pushOf(source, envelope, clock.now().getTime());
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/feishu/events/${source.sourceId}`,
      payload: push.body,
      headers: push.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return envelope.header.event_id;
  }
  const processAll = async () => {
    for (let i = 0; i < 50; i++) if ((await t.app.background.processor.runOnce()) === 0) return;
    throw new Error('inbox did not drain');
  };
  const inbox = (eventId: string) =>
    database.db
      .selectFrom('events_inbox')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
  const userRow = (source: EventSource, openId: string) =>
    database.db
      .selectFrom('directory_users')
      .selectAll()
      .where('source_id', '=', source.sourceId)
      .where('open_id', '=', openId)
      .executeTakeFirst();
  const feishuUser = (n: string, extra: Record<string, unknown> = {}) => ({
    open_id: `ou_${n}`,
    union_id: `on_${n}`,
    user_id: `u${n}`,
    name: `User ${n}`,
    email: `${n}@acme.example`,
    department_ids: ['od-1'],
    status: { is_activated: true, is_frozen: false, is_resigned: false },
    ...extra,
  });

  it('applies the newest state whatever order updates and deletes arrive in', async () => {
    const s = await newSource();
    const t0 = clock.now().getTime();
    await deliver(s, 'contact.user.created_v3', { object: feishuUser('a') }, t0);
    await processAll();
    expect(await userRow(s, 'ou_a')).toMatchObject({
      name: 'User a',
      username: 'ua',
      status: 'active',
    });

    // The resignation (t0+3) arrives before a rename made earlier (t0+2): the rename is stale.
    const del = await deliver(
      s,
      'contact.user.deleted_v3',
      {
        object: feishuUser('a', { department_ids: undefined }),
        old_object: { department_ids: ['od-1'], open_id: 'ou_a' },
      },
      t0 + 3000,
    );
    await processAll();
    const late = await deliver(
      s,
      'contact.user.updated_v3',
      { object: feishuUser('a', { name: 'Renamed' }), old_object: { name: 'User a' } },
      t0 + 2000,
    );
    await processAll();
    expect((await inbox(del)).status).toBe('applied');
    expect(await inbox(late)).toMatchObject({
      status: 'stale',
      outcome: { reason: 'newer_event_applied' },
    });
    expect(await userRow(s, 'ou_a')).toMatchObject({
      name: 'User a',
      status: 'disabled',
      disabled_reason: 'resigned',
    });

    // Both in one claimed batch, newest first: same outcome.
    await deliver(s, 'contact.user.created_v3', { object: feishuUser('b') }, t0);
    const newer = await deliver(
      s,
      'contact.user.updated_v3',
      { object: feishuUser('b', { name: 'B v2' }) },
      t0 + 2000,
    );
    const older = await deliver(
      s,
      'contact.user.updated_v3',
      { object: feishuUser('b', { name: 'B v1' }) },
      t0 + 1000,
    );
    await processAll();
    expect((await inbox(newer)).status).toBe('applied');
    expect((await inbox(older)).status).toBe('stale');
    expect((await userRow(s, 'ou_b'))?.name).toBe('B v2');
  });

  it('links an account the matching rule finds instead of creating a second one', async () => {
    const s = await newSource();
    const ids = await seedDirectory(
      database.db,
      s.sourceId,
      [{ id: 'od-1', name: 'One', parent: '0' }],
      [{ openId: 'ou_old', name: 'Existing', userId: 'ulinked', departments: ['od-1'] }],
    );
    // Same person (username = Feishu user_id), seen under other ids (e.g. a re-created app).
    await deliver(s, 'contact.user.updated_v3', {
      object: feishuUser('linked', { user_id: 'ulinked' }),
    });
    await processAll();
    const rows = await database.db
      .selectFrom('directory_users')
      .select(['id', 'open_id', 'name'])
      .where('source_id', '=', s.sourceId)
      .execute();
    expect(rows).toEqual([{ id: ids.get('ou_old'), open_id: 'ou_linked', name: 'User linked' }]);
  });

  it('keeps to a subtree scope: members outside are not created, a member who moves out is disabled', async () => {
    const s = await newSource({ scope: { kind: 'departments', department_ids: ['od-in'] } });
    await seedDirectory(
      database.db,
      s.sourceId,
      [{ id: 'od-in', name: 'In', parent: '0' }],
      [{ openId: 'ou_stay', name: 'Stay', departments: ['od-in'] }],
    );
    await deliver(s, 'contact.user.created_v3', {
      object: feishuUser('out', { department_ids: ['od-elsewhere'] }),
    });
    await deliver(s, 'contact.user.created_v3', {
      object: feishuUser('in', { department_ids: ['od-in', 'od-elsewhere'] }),
    });
    await deliver(s, 'contact.user.updated_v3', {
      object: feishuUser('stay', { union_id: 'on_stay', department_ids: ['od-elsewhere'] }),
    });
    await processAll();
    expect(await userRow(s, 'ou_out')).toBeUndefined();
    const inside = await userRow(s, 'ou_in');
    const memberships = await database.db
      .selectFrom('directory_memberships')
      .select('open_department_id')
      .where('user_id', '=', inside!.id)
      .execute();
    expect(memberships).toEqual([{ open_department_id: 'od-in' }]);
    expect(await userRow(s, 'ou_stay')).toMatchObject({
      status: 'disabled',
      disabled_reason: 'left_scope',
    });
  });

  it('treats an event older than the start of the last successful full sync as stale', async () => {
    const s = await newSource();
    await deliver(s, 'contact.user.created_v3', { object: feishuUser('c') });
    await processAll();
    await database.db
      .insertInto('sync_runs')
      .values({
        id: crypto.randomUUID(),
        source_id: s.sourceId,
        tenant_id: s.tenantId,
        trigger: 'manual',
        status: 'succeeded',
        counts: '{}',
        created_at: clock.now(),
        started_at: new Date(clock.now().getTime() + 5000),
      })
      .execute();
    const old = await deliver(
      s,
      'contact.user.updated_v3',
      { object: feishuUser('c', { name: 'Old news' }) },
      clock.now().getTime() + 1000,
    );
    await processAll();
    expect(await inbox(old)).toMatchObject({
      status: 'stale',
      outcome: { reason: 'full_sync_read_newer' },
    });
  });

  it('holds a burst of resignations above the threshold; approving applies the held changes', async () => {
    const s = await newSource({
      deletion_thresholds: {
        users: { value: 2, unit: 'count' },
        departments: { value: 10, unit: 'count' },
      },
    });
    clock.advance(1000);
    for (const n of ['r1', 'r2', 'r3', 'r4'])
      await deliver(s, 'contact.user.created_v3', { object: feishuUser(n) });
    await processAll();
    clock.advance(1000);
    const dels: string[] = [];
    for (const n of ['r1', 'r2', 'r3', 'r4'])
      dels.push(
        await deliver(s, 'contact.user.deleted_v3', {
          object: feishuUser(n, { department_ids: undefined }),
          old_object: { department_ids: ['od-1'] },
        }),
      );
    await processAll();
    expect(await Promise.all(dels.map(async (d) => (await inbox(d)).status))).toEqual([
      'applied',
      'applied',
      'held',
      'held',
    ]);
    expect((await userRow(s, 'ou_r3'))?.status).toBe('active');
    const runId = ((await inbox(dels[2]!)).outcome as { held_in_run: string }).held_in_run;

    const runs = await admin.get(
      `${API}/tenants/${s.tenantId}/identity-sources/${s.sourceId}/sync-runs/${runId}`,
    );
    expect(runs.statusCode, runs.body).toBe(200);
    expect(runs.json()).toMatchObject({ status: 'blocked', trigger: 'event_reconcile' });
    const approve = await admin.post(
      `${API}/tenants/${s.tenantId}/identity-sources/${s.sourceId}/sync-runs/${runId}/approve`,
      {},
    );
    expect(approve.statusCode, approve.body).toBe(200);
    expect(approve.json()).toMatchObject({ applied: true });
    expect(await userRow(s, 'ou_r3')).toMatchObject({
      status: 'disabled',
      disabled_reason: 'resigned',
    });
    expect(await userRow(s, 'ou_r4')).toMatchObject({
      status: 'disabled',
      disabled_reason: 'resigned',
    });
  });
});
