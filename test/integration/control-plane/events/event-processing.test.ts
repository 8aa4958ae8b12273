import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  contactEvent,
  createEventSource,
  pushOf,
  type EventSource,
} from '../../../fixtures/event-source.ts';
import { ManualClock } from '../../../fixtures/manual-clock.ts';

describe.each(engines)('event processing on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let source: EventSource;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, { platformAdmin: false, clock });
    source = await createEventSource(database.db, t.secretBox, clock, {
      deletion_thresholds: {
        users: { value: 2, unit: 'count' },
        departments: { value: 2, unit: 'count' },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  /** Delivers an event through the endpoint (as Feishu would) and returns its id. */
  async function deliver(
    type: string,
    event: Record<string, unknown>,
    options: { createdMs?: number; eventId?: string } = {},
  ) {
    const envelope = contactEvent(source, type, event, {
      createdMs: options.createdMs ?? clock.now().getTime(),
      eventId: options.eventId,
    });
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
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const n = await t.app.background.processor.runOnce();
      total += n;
      if (n === 0) return total;
    }
    throw new Error('inbox did not drain');
  };
  const inbox = (eventId: string) =>
    database.db
      .selectFrom('events_inbox')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
  const dept = (id: string) =>
    database.db
      .selectFrom('directory_departments')
      .selectAll()
      .where('source_id', '=', source.sourceId)
      .where('open_department_id', '=', id)
      .executeTakeFirst();
  const dep = (id: string, name: string, parent = '0', order = 1) => ({
    object: {
      open_department_id: id,
      name,
      parent_department_id: parent,
      department_id: `D-${id}`,
      order,
      status: { is_deleted: false },
    },
  });

  it('creates, renames, moves (with the subtree) and deletes departments', async () => {
    const ids = [
      await deliver('contact.department.created_v3', dep('od-a', 'Alpha')),
      await deliver('contact.department.created_v3', dep('od-b', 'Beta')),
    ];
    clock.advance(10);
    ids.push(await deliver('contact.department.created_v3', dep('od-c', 'Gamma', 'od-a')));
    clock.advance(10);
    ids.push(await deliver('contact.department.created_v3', dep('od-d', 'Delta', 'od-c')));
    expect(await processAll()).toBe(4);
    for (const id of ids) expect((await inbox(id)).status).toBe('applied');
    expect((await dept('od-d'))?.path).toBe('/od-a/od-c/od-d/');

    clock.advance(10);
    await deliver('contact.department.updated_v3', {
      ...dep('od-c', 'Gamma 2', 'od-b'),
      old_object: { parent_department_id: 'od-a' },
    });
    await processAll();
    expect(await dept('od-c')).toMatchObject({
      name: 'Gamma 2',
      parent_open_department_id: 'od-b',
      path: '/od-b/od-c/',
    });
    expect((await dept('od-d'))?.path).toBe('/od-b/od-c/od-d/');

    clock.advance(10);
    const del = await deliver('contact.department.deleted_v3', {
      object: { open_department_id: 'od-d', name: 'Delta', status: { is_deleted: true } },
      old_object: { open_department_id: 'od-d', status: { is_deleted: false } },
    });
    await processAll();
    expect((await dept('od-d'))?.status).toBe('deleted');
    expect((await inbox(del)).outcome).toMatchObject({ removals: { departments: 1, users: 0 } });
  });

  it('does not apply an event older than one already applied about the same object', async () => {
    const t0 = clock.now().getTime();
    const newer = await deliver('contact.department.updated_v3', dep('od-a', 'Alpha (newer)'), {
      createdMs: t0 + 2000,
    });
    await processAll();
    const older = await deliver('contact.department.updated_v3', dep('od-a', 'Alpha (older)'), {
      createdMs: t0 + 1000,
    });
    await processAll();
    expect((await inbox(newer)).status).toBe('applied');
    expect(await inbox(older)).toMatchObject({
      status: 'stale',
      outcome: { reason: 'newer_event_applied' },
    });
    expect((await dept('od-a'))?.name).toBe('Alpha (newer)');
    // "updated" overtaking "created": the created one arrives second and is stale.
    const upd = await deliver('contact.department.updated_v3', dep('od-e', 'Echo v2'), {
      createdMs: t0 + 3000,
    });
    const crt = await deliver('contact.department.created_v3', dep('od-e', 'Echo'), {
      createdMs: t0 + 2500,
    });
    await processAll();
    expect((await inbox(upd)).status).toBe('applied');
    expect((await inbox(crt)).status).toBe('stale');
    expect((await dept('od-e'))?.name).toBe('Echo v2');
  });

  it('processes a duplicate delivery once', async () => {
    const event = contactEvent(
      source,
      'contact.department.updated_v3',
      dep('od-b', 'Beta renamed'),
      { createdMs: clock.now().getTime() + 5000 },
    );
    for (let i = 0; i < 3; i++) {
      const push = pushOf(source, event, clock.now().getTime());
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/feishu/events/${source.sourceId}`,
        payload: push.body,
        headers: push.headers,
      });
      expect(res.statusCode).toBe(200);
    }
    expect(await processAll()).toBe(1);
    const rows = await database.db
      .selectFrom('events_inbox')
      .select('status')
      .where('event_id', '=', event.header.event_id)
      .execute();
    expect(rows).toEqual([{ status: 'applied' }]);
  });

  it('waits for a parent that has not arrived, then queues a reconcile run', async () => {
    const id = await deliver(
      'contact.department.created_v3',
      dep('od-orphan', 'Orphan', 'od-missing'),
    );
    await processAll();
    let row = await inbox(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/od-missing/);
    for (let i = 0; i < 3 && row.status === 'pending'; i++) {
      clock.advance(60_000);
      await processAll();
      row = await inbox(id);
    }
    expect(row.status).toBe('applied');
    const runId = (row.outcome as { reconcile_run: string }).reconcile_run;
    const run = await database.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      trigger: 'event_reconcile',
      status: 'queued',
      source_id: source.sourceId,
    });
    // contact.scope.updated_v3 while that run is still queued: covered by it.
    const scope = await deliver('contact.scope.updated_v3', {
      added: { departments: [], users: [] },
      removed: { departments: [], users: [] },
    });
    await processAll();
    expect((await inbox(scope)).outcome).toMatchObject({ reconcile_run: runId, coalesced: true });
    await database.db
      .updateTable('sync_runs')
      .set({ status: 'running' })
      .where('id', '=', runId)
      .execute();
    const scope2 = await deliver('contact.scope.updated_v3', {
      added: { departments: [], users: [] },
      removed: { departments: [], users: [] },
    });
    await processAll();
    expect(await inbox(scope2)).toMatchObject({ status: 'pending' }); // waits for the running one
    await database.db
      .updateTable('sync_runs')
      .set({ status: 'succeeded' })
      .where('id', '=', runId)
      .execute();
    clock.advance(60_000);
    await processAll();
    const after = await inbox(scope2);
    expect(after.status).toBe('applied');
    expect((after.outcome as { reconcile_run: string }).reconcile_run).not.toBe(runId);
    await database.db
      .updateTable('sync_runs')
      .set({ status: 'failed' })
      .where('source_id', '=', source.sourceId)
      .where('status', '=', 'queued')
      .execute();
  });

  it('marks unknown event types ignored, and a malformed body failed, storing both', async () => {
    const unknown = await deliver('im.message.receive_v1', { message: { text: 'hi' } });
    const malformed = await deliver('contact.department.updated_v3', { object: { name: 'no id' } });
    await processAll();
    expect(await inbox(unknown)).toMatchObject({
      status: 'ignored',
      outcome: { reason: 'unhandled_event_type' },
    });
    expect(await inbox(malformed)).toMatchObject({ status: 'failed' });
  });

  it('holds a burst of deletions above the threshold within the window, like a sync run', async () => {
    clock.advance(11 * 60_000); // the window starts empty
    for (const id of ['od-h1', 'od-h2', 'od-h3', 'od-h4'])
      await deliver('contact.department.created_v3', dep(id, id));
    await processAll();
    clock.advance(1000);
    const dels = [];
    for (const id of ['od-h1', 'od-h2', 'od-h3', 'od-h4'])
      dels.push(
        await deliver('contact.department.deleted_v3', {
          object: { open_department_id: id, status: { is_deleted: true } },
          old_object: { open_department_id: id, status: { is_deleted: false } },
        }),
      );
    await processAll();
    const statuses = await Promise.all(dels.map(async (id) => (await inbox(id)).status));
    expect(statuses).toEqual(['applied', 'applied', 'held', 'held']);
    expect((await dept('od-h1'))?.status).toBe('deleted');
    expect((await dept('od-h3'))?.status).toBe('active');
    const runId = ((await inbox(dels[2]!)).outcome as { held_in_run: string }).held_in_run;
    expect(((await inbox(dels[3]!)).outcome as { held_in_run: string }).held_in_run).toBe(runId);
    const run = await database.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      status: 'blocked',
      trigger: 'event_reconcile',
      counts: { departments: { deleted: 2 }, users: {} },
    });
    expect(run.hold_reasons).toEqual([expect.objectContaining({ code: 'EVENT_BURST_HELD' })]);
    const pending = await database.db
      .selectFrom('sync_pending_changes')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('seq')
      .execute();
    expect(pending.map((p) => [p.entity, p.action, p.open_id])).toEqual([
      ['department', 'delete', 'od-h3'],
      ['department', 'delete', 'od-h4'],
    ]);
    // Outside the window, with the hold still open, a removal still joins the hold.
    clock.advance(11 * 60_000);
    await deliver('contact.department.created_v3', dep('od-h5', 'h5'));
    await processAll();
    const later = await deliver('contact.department.deleted_v3', {
      object: { open_department_id: 'od-h5', status: { is_deleted: true } },
    });
    await processAll();
    expect((await inbox(later)).status).toBe('held');
    // An admin decided (discarded): removals flow again.
    await database.db
      .updateTable('sync_runs')
      .set({ status: 'discarded' })
      .where('id', '=', runId)
      .execute();
    clock.advance(1000);
    const afterDecision = await deliver('contact.department.deleted_v3', {
      object: { open_department_id: 'od-h5', status: { is_deleted: true } },
    });
    await processAll();
    expect((await inbox(afterDecision)).status).toBe('applied');
  });

  it('ignores events of a source closed after they were stored', async () => {
    const id = await deliver('contact.department.created_v3', dep('od-late', 'Late'));
    await database.db
      .updateTable('identity_sources')
      .set({ status: 'closed' })
      .where('id', '=', source.sourceId)
      .execute();
    await processAll();
    expect(await inbox(id)).toMatchObject({
      status: 'ignored',
      outcome: { reason: 'source_closed' },
    });
    await database.db
      .updateTable('identity_sources')
      .set({ status: 'enabled' })
      .where('id', '=', source.sourceId)
      .execute();
  });
});
