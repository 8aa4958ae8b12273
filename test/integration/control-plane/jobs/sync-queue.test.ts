import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/domain/errors/index.ts';
import { acquireLease, releaseLease } from '../../../../control-plane/jobs/lease.ts';
import { claimQueuedRun, enqueueSync } from '../../../../control-plane/jobs/sync-queue.ts';
import { createSyncWorker } from '../../../../control-plane/jobs/sync-worker.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { openDatabase } from '../../../../control-plane/storage/open-database.ts';
import type { Database } from '../../../../control-plane/storage/schema.ts';
import type { RunSync } from '../../../../control-plane/sync/runner.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { createEventSource, type EventSource } from '../../../fixtures/event-source.ts';
import { ManualClock } from '../../../fixtures/manual-clock.ts';

const logger = pino({ level: 'silent' });

describe.each(engines)('sync queue, worker and leases on $name', (engine) => {
  let database: TestDatabase;
  let second: { db: Kysely<Database>; close(): Promise<void> } | undefined;
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 5, 30, 0));
  let s: EventSource;

  beforeAll(async () => {
    database = await engine.open();
    if (database.url)
      second = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 3 });
    s = await createEventSource(database.db, new SecretBox(randomBytes(32)), clock, {
      connectivity: 'passed',
    });
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  const run = (id: string) =>
    database.db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const request = { sourceId: '', tenantId: '', trigger: 'manual' as const };
  const req = () => ({ ...request, sourceId: s.sourceId, tenantId: s.tenantId });

  it('queues one run per source; a second request is told which run is active', async () => {
    const first = await enqueueSync(database.db, clock.now(), { ...req(), requestedBy: null });
    expect(first).toMatchObject({ status: 'queued', trigger: 'manual' });
    const err = await enqueueSync(database.db, clock.now(), {
      ...req(),
      trigger: 'schedule',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('SYNC_ALREADY_RUNNING');
    expect((err as AppError).details).toEqual({
      run: { id: first.id, status: 'queued', trigger: 'manual' },
    });
  });

  it('lets exactly one of two replicas claim a queued run', async () => {
    const claims = await Promise.all([
      claimQueuedRun(database.db, 'replica-a', clock.now()),
      claimQueuedRun(second?.db ?? database.db, 'replica-b', clock.now()),
    ]);
    const won = claims.filter((c) => c !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: 'running', heartbeat_at: clock.now() });
    await database.db
      .updateTable('sync_runs')
      .set({ status: 'succeeded' })
      .where('id', '=', won[0]!.id)
      .execute();
  });

  it('hands a claimed run to the runner, and records a runner that throws as failed', async () => {
    const calls: unknown[] = [];
    const runSync: RunSync = async (sourceId, trigger, options) => {
      calls.push({ sourceId, trigger, runId: options.runId, runnerId: options.runnerId });
      const current = await run(options.runId);
      expect(current).toMatchObject({ status: 'running', runner_id: 'w1' });
      await database.db
        .updateTable('sync_runs')
        .set({ status: 'succeeded', finished_at: clock.now() })
        .where('id', '=', options.runId)
        .execute();
      return { runId: options.runId, status: 'succeeded' };
    };
    const worker = createSyncWorker({ db: database.db, clock, logger, runSync, runnerId: 'w1' });
    const queued = await enqueueSync(database.db, clock.now(), req());
    expect(await worker.runOnce()).toBe(true);
    expect(await worker.runOnce()).toBe(false);
    expect(calls).toEqual([
      { sourceId: s.sourceId, trigger: 'manual', runId: queued.id, runnerId: 'w1' },
    ]);
    expect((await run(queued.id)).status).toBe('succeeded');

    const broken = createSyncWorker({
      db: database.db,
      clock,
      logger,
      runnerId: 'w2',
      runSync: async () => {
        throw new Error('runner exploded');
      },
    });
    const doomed = await enqueueSync(database.db, clock.now(), req());
    await broken.runOnce();
    expect(await run(doomed.id)).toMatchObject({
      status: 'failed',
      error: { code: 'SYNC_FAILED', message: 'runner exploded' },
    });
  });

  it('frees a source whose runner died: its run ends as interrupted once the heartbeat is stale', async () => {
    const orphan = await enqueueSync(database.db, clock.now(), req());
    await claimQueuedRun(database.db, 'dead-replica', clock.now());
    const worker = createSyncWorker({
      db: database.db,
      clock,
      logger,
      runnerId: 'w3',
      staleMs: 120_000,
      runSync: async (_s, _t, o) => ({ runId: o.runId, status: 'succeeded' }),
    });
    clock.advance(119_000);
    await worker.runOnce();
    expect((await run(orphan.id)).status).toBe('running');
    clock.advance(2_000);
    await worker.runOnce();
    expect(await run(orphan.id)).toMatchObject({
      status: 'failed',
      error: { code: 'SYNC_INTERRUPTED' },
    });
    await enqueueSync(database.db, clock.now(), req()); // the source can sync again
  });

  it('keeps a heartbeat going while the runner works', async () => {
    await database.db
      .updateTable('sync_runs')
      .set({ status: 'failed' })
      .where('status', 'in', ['queued', 'running'])
      .execute();
    const queued = await enqueueSync(database.db, clock.now(), req());
    const beats: (Date | null)[] = [];
    const worker = createSyncWorker({
      db: database.db,
      clock,
      logger,
      runnerId: 'w4',
      heartbeatMs: 20,
      runSync: async (_s, _t, o) => {
        for (let i = 0; i < 3; i++) {
          clock.advance(10_000);
          // The worker's timer writes the clock's new time within a few beats.
          const deadline = Date.now() + 10_000;
          let beat = (await run(o.runId)).heartbeat_at;
          while (beat?.getTime() !== clock.now().getTime() && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 10));
            beat = (await run(o.runId)).heartbeat_at;
          }
          beats.push(beat);
        }
        return { runId: o.runId, status: 'succeeded' };
      },
    });
    await worker.runOnce();
    expect(new Set(beats.map((b) => b?.getTime())).size).toBe(3);
    expect(beats.at(-1)!.getTime()).toBeGreaterThan((await run(queued.id)).started_at!.getTime());
  });

  it('gives a lease to one holder at a time, and to another once it expired', async () => {
    const now = clock.now();
    expect(await acquireLease(database.db, 'job', 'a', now, 30_000)).toBe(true);
    expect(await acquireLease(second?.db ?? database.db, 'job', 'b', now, 30_000)).toBe(false);
    expect(
      await acquireLease(database.db, 'job', 'a', new Date(now.getTime() + 20_000), 30_000),
    ).toBe(true); // renewed
    expect(
      await acquireLease(database.db, 'job', 'b', new Date(now.getTime() + 40_000), 30_000),
    ).toBe(false);
    expect(
      await acquireLease(database.db, 'job', 'b', new Date(now.getTime() + 50_001), 30_000),
    ).toBe(true);
    await releaseLease(database.db, 'job', 'a'); // not the holder any more: no effect
    expect(
      await acquireLease(database.db, 'job', 'a', new Date(now.getTime() + 50_002), 30_000),
    ).toBe(false);
    await releaseLease(database.db, 'job', 'b');
    expect(
      await acquireLease(database.db, 'job', 'a', new Date(now.getTime() + 50_003), 30_000),
    ).toBe(true);
  });
});
