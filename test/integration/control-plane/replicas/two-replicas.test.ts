// Two control-plane replicas on one database (on PostgreSQL: two connection pools, as two
// processes would have; on PGlite: one shared connection, the embedded single-node case). Both
// run every background loop. A due scheduled sync runs once; an event delivered to both, or
// delivered many times, is stored once and processed once; a stream of events spread over both
// is processed exactly once in total.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type GatehouseApp } from '../../../../control-plane/app.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { openDatabase } from '../../../../control-plane/storage/open-database.ts';
import type { Database } from '../../../../control-plane/storage/schema.ts';
import type { RunSync } from '../../../../control-plane/sync/runner.ts';
import { testConfig } from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  contactEvent,
  createEventSource,
  pushOf,
  type EventSource,
} from '../../../fixtures/event-source.ts';
import { captureLogs } from '../../../fixtures/log-capture.ts';

const clock = { now: () => new Date() };
const until = async (what: string, cond: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(engines)('two replicas on one $name database', (engine) => {
  let database: TestDatabase;
  let secondPool: { db: Kysely<Database>; close(): Promise<void> } | undefined;
  const secretBox = new SecretBox(randomBytes(32));
  const runCalls: { replica: string; runId: string }[] = [];
  let replicas: GatehouseApp[] = [];
  let source: EventSource;

  const runSyncFor =
    (replica: string): RunSync =>
    async (_sourceId, _trigger, options) => {
      runCalls.push({ replica, runId: options.runId });
      await new Promise((r) => setTimeout(r, 100)); // a run takes a while: the other replica ticks meanwhile
      await database.db
        .updateTable('sync_runs')
        .set({ status: 'succeeded', finished_at: new Date() })
        .where('id', '=', options.runId)
        .execute();
      return { runId: options.runId, status: 'succeeded' };
    };

  beforeAll(async () => {
    database = await engine.open();
    if (database.url)
      secondPool = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 5 });
    source = await createEventSource(database.db, secretBox, clock, {
      encryptKey: null,
      connectivity: 'passed',
      schedule: { kind: 'interval', interval_hours: 1 },
    });
    for (const [name, db] of [
      ['a', database.db],
      ['b', secondPool?.db ?? database.db],
    ] as const) {
      const app = await buildApp({
        config: testConfig(),
        db,
        logger: captureLogs('warn').logger,
        secretBox,
        jobs: {
          holder: `replica-${name}`,
          runSync: runSyncFor(name),
          intervals: { eventsMs: 20, scheduleMs: 20, syncMs: 20 },
        },
      });
      await app.ready();
      app.background.start();
      replicas.push(app);
    }
  }, 60_000);
  afterAll(async () => {
    for (const app of replicas) await app.close();
    replicas = [];
    await secondPool?.close();
    await database?.close();
  });

  const post = (app: GatehouseApp, envelope: unknown) => {
    const push = pushOf(source, envelope);
    return app.inject({
      method: 'POST',
      url: `/api/v1/feishu/events/${source.sourceId}`,
      payload: push.body,
      headers: push.headers,
    });
  };
  const processedTotal = async () => {
    let sum = 0;
    for (const app of replicas) {
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      for (const m of text.matchAll(/^gatehouse_feishu_events_processed_total\{[^}]*\} (\d+)/gm))
        sum += Number(m[1]);
    }
    return sum;
  };

  it('runs a due scheduled sync once', { timeout: 90_000 }, async () => {
    await database.db
      .updateTable('identity_sources')
      .set({ next_sync_at: new Date(Date.now() - 1000), sync_plan: null })
      .where('id', '=', source.sourceId)
      .execute();
    await until('the scheduled run', async () => runCalls.length > 0);
    await new Promise((r) => setTimeout(r, 500)); // many more ticks of both replicas
    const runs = await database.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('source_id', '=', source.sourceId)
      .execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
    expect(runCalls).toHaveLength(1);
    const next = await database.db
      .selectFrom('identity_sources')
      .select('next_sync_at')
      .where('id', '=', source.sourceId)
      .executeTakeFirstOrThrow();
    expect(next.next_sync_at!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('stores and processes an event delivered to both replicas, several times, once', async () => {
    const envelope = contactEvent(source, 'contact.department.created_v3', {
      object: { open_department_id: 'od-dup', name: 'Dup', parent_department_id: '0' },
    });
    const before = await processedTotal();
    const answers = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => post(replicas[i % 2]!, envelope)),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    await until('the event to be processed', async () => (await processedTotal()) > before);
    await new Promise((r) => setTimeout(r, 300));
    expect((await processedTotal()) - before).toBe(1);
    const rows = await database.db
      .selectFrom('events_inbox')
      .select(['status'])
      .where('event_id', '=', envelope.header.event_id)
      .execute();
    expect(rows).toEqual([{ status: 'applied' }]);
  });

  it(
    'processes a stream spread over both replicas exactly once in total',
    { timeout: 90_000 },
    async () => {
      const before = await processedTotal();
      const versionBefore = Number(
        (
          await database.db
            .selectFrom('identity_sources')
            .select('directory_version')
            .where('id', '=', source.sourceId)
            .executeTakeFirstOrThrow()
        ).directory_version,
      );
      const events = Array.from({ length: 200 }, (_, i) =>
        contactEvent(source, 'contact.department.created_v3', {
          object: { open_department_id: `od-s${i}`, name: `S${i}`, parent_department_id: '0' },
        }),
      );
      const answers = await Promise.all(events.map((e, i) => post(replicas[i % 2]!, e)));
      expect(answers.every((r) => r.statusCode === 200)).toBe(true);
      await until('all 200 events', async () => (await processedTotal()) - before >= 200);
      await new Promise((r) => setTimeout(r, 300));
      expect((await processedTotal()) - before).toBe(200);
      const version = await database.db
        .selectFrom('identity_sources')
        .select('directory_version')
        .where('id', '=', source.sourceId)
        .executeTakeFirstOrThrow();
      // Applied in rounds (many events per transaction): at most one version per event.
      expect(Number(version.directory_version) - versionBefore).toBeGreaterThan(0);
      expect(Number(version.directory_version) - versionBefore).toBeLessThanOrEqual(200);
      const created = await database.db
        .selectFrom('directory_departments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source_id', '=', source.sourceId)
        .where('open_department_id', 'like', 'od-s%')
        .executeTakeFirstOrThrow();
      expect(Number(created.n)).toBe(200);
      const statuses = await database.db
        .selectFrom('events_inbox')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('source_id', '=', source.sourceId)
        .groupBy('status')
        .execute();
      expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([['applied', 201]]);
    },
  );
});
