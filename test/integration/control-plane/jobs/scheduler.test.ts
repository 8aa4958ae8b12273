import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../control-plane/storage/open-database.ts';
import type { Database } from '../../../../control-plane/storage/schema.ts';
import { createScheduler, type ScheduleOutcome } from '../../../../control-plane/sync/scheduler.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { createEventSource } from '../../../fixtures/event-source.ts';
import { ManualClock } from '../../../fixtures/manual-clock.ts';
import { randomBytes } from 'node:crypto';

const logger = pino({ level: 'silent' });
const HOUR = 3_600_000;

describe.each(engines)('scheduler on $name', (engine) => {
  let database: TestDatabase;
  /** A second connection pool to the same database on PostgreSQL: a second replica. */
  let second: { db: Kysely<Database>; close(): Promise<void> } | undefined;
  const box = new SecretBox(randomBytes(32));
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 5, 30, 0));

  beforeAll(async () => {
    database = await engine.open();
    if (database.url)
      second = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 3 });
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  const scheduler = (db = database.db, outcomes: ScheduleOutcome[] = []) =>
    createScheduler({ db, clock, logger, onOutcome: (o) => outcomes.push(o) });
  const source = (id: string) =>
    database.db
      .selectFrom('identity_sources')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const runs = (id: string) =>
    database.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('source_id', '=', id)
      .orderBy('created_at')
      .execute();

  it('plans with jitter, fires once when due, skips while a run is in progress, and survives a restart', async () => {
    const s = await createEventSource(database.db, box, clock, {
      connectivity: 'passed',
      schedule: { kind: 'interval', interval_hours: 2 },
    });
    const created = await source(s.sourceId);
    expect(created.next_sync_at?.getTime()).toBe(clock.now().getTime() + 2 * HOUR); // set by the settings
    const outcomes: ScheduleOutcome[] = [];
    const a = scheduler(database.db, outcomes);
    await a.runOnce();
    const planned = await source(s.sourceId);
    expect(planned.sync_plan).toMatchObject({ nominal_at: created.next_sync_at!.toISOString() });
    const jitter = planned.next_sync_at!.getTime() - created.next_sync_at!.getTime();
    expect(jitter).toBeGreaterThanOrEqual(0);
    expect(jitter).toBeLessThan(0.05 * 2 * HOUR);
    expect(await runs(s.sourceId)).toHaveLength(0);

    clock.advance(planned.next_sync_at!.getTime() - clock.now().getTime() - 1);
    await a.runOnce();
    expect(await runs(s.sourceId)).toHaveLength(0); // one millisecond early

    clock.advance(1);
    await a.runOnce();
    await a.runOnce();
    const fired = await runs(s.sourceId);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      trigger: 'schedule',
      status: 'queued',
      tenant_id: s.tenantId,
    });
    const next = await source(s.sourceId);
    expect(next.next_sync_at!.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + 2 * HOUR);
    expect(outcomes).toEqual(['queued']);

    // Due again while the first run is still queued: no overlap, the next time is planned anyway.
    clock.advance(next.next_sync_at!.getTime() - clock.now().getTime());
    await a.runOnce();
    expect(await runs(s.sourceId)).toHaveLength(1);
    expect(outcomes).toEqual(['queued', 'skipped_overlap']);
    const afterSkip = await source(s.sourceId);
    expect(afterSkip.next_sync_at!.getTime()).toBeGreaterThan(clock.now().getTime());

    // A restart: a new scheduler reads the stored time and fires exactly then, once.
    await database.db
      .updateTable('sync_runs')
      .set({ status: 'succeeded' })
      .where('source_id', '=', s.sourceId)
      .execute();
    const restarted = scheduler();
    clock.advance(afterSkip.next_sync_at!.getTime() - clock.now().getTime() + 3 * HOUR); // it was down
    await restarted.runOnce();
    await restarted.runOnce();
    expect((await runs(s.sourceId)).filter((r) => r.status === 'queued')).toHaveLength(1); // one catch-up run
  });

  it('fires once when two replicas tick at the same moment', async () => {
    const s = await createEventSource(database.db, box, clock, {
      connectivity: 'passed',
      schedule: { kind: 'interval', interval_hours: 1 },
    });
    await scheduler().runOnce();
    clock.advance(2 * HOUR);
    const outcomes: ScheduleOutcome[] = [];
    const replicas = [
      scheduler(database.db, outcomes),
      scheduler(second?.db ?? database.db, outcomes),
    ];
    await Promise.all([...replicas, ...replicas].map((r) => r.runOnce()));
    expect(await runs(s.sourceId)).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'queued')).toHaveLength(1);
  });

  it('reads a cron in the tenant time zone and re-plans when the time zone or schedule changes', async () => {
    const s = await createEventSource(database.db, box, clock, {
      connectivity: 'passed',
      timeZone: 'Asia/Shanghai',
      schedule: { kind: 'cron', expression: '0 2 * * *' },
    });
    await scheduler().runOnce();
    const shanghai = await source(s.sourceId);
    expect(shanghai.sync_plan?.nominal_at).toBe('2026-03-10T18:00:00.000Z'); // 02:00 on the 11th, UTC+8
    await database.db
      .updateTable('tenants')
      .set({ time_zone: 'Europe/Berlin' })
      .where('id', '=', s.tenantId)
      .execute();
    await scheduler().runOnce();
    const berlin = await source(s.sourceId);
    expect(berlin.sync_plan).toMatchObject({
      nominal_at: '2026-03-11T01:00:00.000Z',
      time_zone: 'Europe/Berlin',
    });
    expect(berlin.next_sync_at!.getTime() - Date.parse('2026-03-11T01:00:00Z')).toBeLessThan(
      5 * 60_000,
    );
    // A schedule change through the settings sets next_sync_at without jitter: re-planned.
    await database.db
      .updateTable('identity_sources')
      .set({
        schedule: JSON.stringify({ kind: 'cron', expression: '30 6 * * 1' }),
        next_sync_at: new Date('2026-03-16T05:30:00Z'),
      })
      .where('id', '=', s.sourceId)
      .execute();
    await scheduler().runOnce();
    expect((await source(s.sourceId)).sync_plan).toMatchObject({
      nominal_at: '2026-03-16T05:30:00.000Z',
    });
  });

  it('skips a source that has not passed its connectivity test, or whose auto sync is off', async () => {
    const untested = await createEventSource(database.db, box, clock, {
      schedule: { kind: 'interval', interval_hours: 1 },
    });
    const manual = await createEventSource(database.db, box, clock, {
      connectivity: 'passed',
      auto_sync: false,
      sync_user_info: false,
    });
    // Passed, then the App Secret changed: the test result belonged to the old credentials.
    const stale = await createEventSource(database.db, box, clock, {
      connectivity: 'passed',
      schedule: { kind: 'interval', interval_hours: 1 },
    });
    await database.db
      .updateTable('identity_sources')
      .set((eb) => ({ credentials_version: eb('credentials_version', '+', 1) }))
      .where('id', '=', stale.sourceId)
      .execute();
    const outcomes: ScheduleOutcome[] = [];
    await scheduler(database.db, outcomes).runOnce();
    clock.advance(2 * HOUR);
    await scheduler(database.db, outcomes).runOnce();
    expect(await runs(untested.sourceId)).toHaveLength(0);
    expect(await runs(stale.sourceId)).toHaveLength(0);
    expect(await runs(manual.sourceId)).toHaveLength(0);
    expect(outcomes).toContain('skipped_not_ready');
    expect((await source(untested.sourceId)).next_sync_at!.getTime()).toBeGreaterThan(
      clock.now().getTime(),
    );
    expect((await source(manual.sourceId)).next_sync_at).toBeNull();
  });
});
