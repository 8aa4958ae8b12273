import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEvents, finishEvent } from '../../../../control-plane/events/inbox.ts';
import { createInboxWriter } from '../../../../control-plane/events/inbox-writer.ts';
import { createHousekeeping } from '../../../../control-plane/jobs/housekeeping.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { openDatabase } from '../../../../control-plane/storage/open-database.ts';
import type { Database } from '../../../../control-plane/storage/schema.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { createEventSource, type EventSource } from '../../../fixtures/event-source.ts';
import { ManualClock } from '../../../fixtures/manual-clock.ts';

describe.each(engines)('events inbox on $name', (engine) => {
  let database: TestDatabase;
  let second: { db: Kysely<Database>; close(): Promise<void> } | undefined;
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 5, 30, 0));
  let s: EventSource;

  beforeAll(async () => {
    database = await engine.open();
    if (database.url)
      second = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 3 });
    s = await createEventSource(database.db, new SecretBox(randomBytes(32)), clock);
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  const store = (eventId: string) =>
    createInboxWriter(database.db).store({
      sourceId: s.sourceId,
      eventId,
      eventType: 'contact.user.updated_v3',
      createdAt: clock.now(),
      payload: { event: {} },
      receivedAt: clock.now(),
    });

  it('stores an event_id once per source, also when copies arrive in one group commit', async () => {
    expect(await store('e-1')).toBe(true);
    expect(await store('e-1')).toBe(false);
    const writer = createInboxWriter(database.db);
    const copies = await Promise.all(
      ['e-x', 'e-x', 'e-y', 'e-x'].map((eventId) =>
        writer.store({
          sourceId: s.sourceId,
          eventId,
          eventType: 'contact.user.updated_v3',
          createdAt: clock.now(),
          payload: { event: {} },
          receivedAt: clock.now(),
        }),
      ),
    );
    expect(copies).toEqual([true, false, true, false]);
    await database.db.deleteFrom('events_inbox').where('event_id', 'in', ['e-x', 'e-y']).execute();
  });

  it('fails only the push whose row the database refuses, not the others of its group commit', async () => {
    const writer = createInboxWriter(database.db);
    const push = (eventId: string, name: string) =>
      writer.store({
        sourceId: s.sourceId,
        eventId,
        eventType: 'contact.user.updated_v3',
        createdAt: clock.now(),
        // jsonb holds no \u0000: PostgreSQL refuses the whole statement with a data exception.
        payload: { event: { object: { name } } },
        receivedAt: clock.now(),
      });
    const outcomes = await Promise.allSettled([
      push('g-1', 'a'),
      push('g-2', 'nul\u0000'),
      push('g-3', 'c'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await database.db
      .selectFrom('events_inbox')
      .select('event_id')
      .where('event_id', 'in', ['g-1', 'g-2', 'g-3'])
      .orderBy('event_id')
      .execute();
    expect(stored.map((r) => r.event_id)).toEqual(['g-1', 'g-3']);
    await database.db.deleteFrom('events_inbox').where('event_id', 'in', ['g-1', 'g-3']).execute();
  });

  it('never gives one event to two replicas claiming at once, and re-offers it when a claim lapses', async () => {
    for (let i = 2; i <= 40; i++) await store(`e-${i}`);
    const [a, b] = await Promise.all([
      claimEvents(database.db, 'a', clock.now(), 30_000, 25),
      claimEvents(second?.db ?? database.db, 'b', clock.now(), 30_000, 25),
    ]);
    const ids = [...a, ...b].map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
    expect(await claimEvents(database.db, 'c', clock.now(), 30_000, 100)).toEqual([]);
    // Replica a dies: its claims lapse and c takes them; a's late finish no longer counts.
    clock.advance(30_001);
    const retaken = await claimEvents(database.db, 'c', clock.now(), 30_000, 100);
    expect(retaken.map((e) => e.event_id).sort()).toEqual(ids.sort());
    expect(retaken.every((e) => e.attempts === 2)).toBe(true);
    expect(await finishEvent(database.db, a[0]!.id, 'a', 'applied', clock.now(), {})).toBe(false);
    expect(await finishEvent(database.db, a[0]!.id, 'c', 'applied', clock.now(), {})).toBe(true);
    expect(await finishEvent(database.db, a[0]!.id, 'c', 'applied', clock.now(), {})).toBe(false); // once
  });

  it('forgets processed events after the retention, one replica at a time', async () => {
    await database.db
      .updateTable('events_inbox')
      .set({ processed_at: clock.now(), status: 'applied' })
      .execute();
    const options = { db: database.db, clock, eventRetentionMs: 3_600_000, leaseMs: 2 * 3_600_000 };
    const keep = createHousekeeping({ ...options, holder: 'h1' });
    const other = createHousekeeping({ ...options, holder: 'h2' });
    await keep.runOnce();
    expect(await count()).toBe(40);
    clock.advance(3_600_001);
    await other.runOnce(); // h1 holds the lease
    expect(await count()).toBe(40);
    await keep.runOnce();
    expect(await count()).toBe(0);
    expect(await store('e-1')).toBe(true); // forgotten, so a (very) late retry would be new again
  });

  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('events_inbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
});
