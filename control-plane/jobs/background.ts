// The control plane's background work, one loop each: the event processor, the scheduler, the
// sync worker and housekeeping. buildApp creates it (so the event endpoint can wake the
// processor) but does not start it; server.ts starts it, tests start it or call the units'
// runOnce directly. Every replica runs all loops: claims, compare-and-set and leases in the
// database make each piece of work happen once.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { Counter, Histogram } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { DirectorySignals } from '../directory/signals.ts';
import { createContactEventHandler } from '../events/contact-event-handler.ts';
import { createContactBatchHandler } from '../events/event-batch.ts';
import { createEventProcessor } from '../events/event-processor.ts';
import type { MapFeishuUser } from '../events/user-event-change.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Database } from '../storage/schema.ts';
import type { RunSync } from '../sync/runner.ts';
import { createScheduler } from '../sync/scheduler.ts';
import { createEmbeddedStatistics } from './embedded-statistics.ts';
import { createHousekeeping } from './housekeeping.ts';
import { createPollLoop, type PollLoop } from './poll-loop.ts';
import { createSyncWorker } from './sync-worker.ts';
import { requeueEventsAfterSync } from './requeue-events.ts';

export interface BackgroundIntervals {
  eventsMs: number;
  scheduleMs: number;
  syncMs: number;
  housekeepingMs: number;
}

export const DEFAULT_INTERVALS: BackgroundIntervals = {
  eventsMs: 1_000,
  scheduleMs: 15_000,
  syncMs: 5_000,
  housekeepingMs: 10 * 60_000,
};

export interface BackgroundDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  mapUser: MapFeishuUser;
  runSync?: RunSync;
  signals?: DirectorySignals;
  intervals?: Partial<BackgroundIntervals>;
  /** Identifies this process in claims and leases (default: host:pid:random). */
  holder?: string;
  burstWindowMs?: number;
  /** How long an event claim lasts (a dead worker's events wait this long). Default 15 s. */
  eventClaimMs?: number;
}

export function createBackground(deps: BackgroundDeps) {
  const { db, clock, metrics } = deps;
  const logger = deps.logger.child({ component: 'background' });
  const intervals = { ...DEFAULT_INTERVALS, ...deps.intervals };
  const holder = deps.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const processed = new Counter({
    name: 'gatehouse_feishu_events_processed_total',
    help: 'Events processed from the inbox by final status',
    labelNames: ['status'] as const,
    registers: [metrics.registry],
  });
  const lag = new Histogram({
    name: 'gatehouse_feishu_event_processing_lag_seconds',
    help: 'From an event being stored to its outcome being recorded',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 60],
    registers: [metrics.registry],
  });
  const scheduled = new Counter({
    name: 'gatehouse_sync_schedule_total',
    help: 'Scheduled sync occurrences by outcome',
    labelNames: ['outcome'] as const,
    registers: [metrics.registry],
  });

  const loops: PollLoop[] = [];
  const wakeSync = () => syncLoop?.wake();

  const processor = createEventProcessor({
    db,
    clock,
    logger,
    holder,
    claimMs: deps.eventClaimMs ?? 15_000,
    handle: createContactEventHandler({
      db,
      clock,
      mapUser: deps.mapUser,
      signals: deps.signals,
      burstWindowMs: deps.burstWindowMs,
      onReconcileQueued: wakeSync,
    }),
    handleBatch: createContactBatchHandler({
      db,
      clock,
      mapUser: deps.mapUser,
      signals: deps.signals,
      burstWindowMs: deps.burstWindowMs,
    }),
    onFinished: (event, status, at) => {
      processed.inc({ status });
      lag.observe(Math.max(0, at.getTime() - event.received_at.getTime()) / 1000);
    },
  });
  const scheduler = createScheduler({
    db,
    clock,
    logger,
    onQueued: wakeSync,
    onOutcome: (outcome) => scheduled.inc({ outcome }),
  });
  const syncWorker = deps.runSync
    ? createSyncWorker({
        db,
        clock,
        logger,
        runnerId: holder,
        runSync: async (sourceId, trigger, options) => {
          const result = await deps.runSync!(sourceId, trigger, options);
          if (result.status === 'succeeded') {
            const requeued = await requeueEventsAfterSync(db, result.runId);
            if (requeued > 0) eventsLoop.wake();
            // Fresh planner statistics for the embedded database (a no-op on PostgreSQL).
            await statistics
              .refresh()
              .catch((err: unknown) =>
                logger.warn({ err: { message: (err as Error)?.message } }, 'analyze failed'),
              );
          }
          return result;
        },
      })
    : undefined;
  const housekeeping = createHousekeeping({ db, clock, holder });
  const statistics = createEmbeddedStatistics(db);

  const eventsLoop = createPollLoop({
    name: 'events',
    intervalMs: intervals.eventsMs,
    // Events pushed within a few milliseconds of each other are applied in one round.
    wakeDelayMs: 15,
    logger,
    runOnce: async () => (await processor.runOnce()) > 0,
  });
  const syncLoop = syncWorker
    ? createPollLoop({
        name: 'sync',
        intervalMs: intervals.syncMs,
        logger,
        runOnce: () => syncWorker.runOnce(),
      })
    : undefined;
  loops.push(
    eventsLoop,
    createPollLoop({
      name: 'schedule',
      intervalMs: intervals.scheduleMs,
      logger,
      runOnce: () => scheduler.runOnce(),
    }),
    createPollLoop({
      name: 'housekeeping',
      intervalMs: intervals.housekeepingMs,
      logger,
      runOnce: async () => {
        await statistics.refresh();
        return housekeeping.runOnce();
      },
    }),
  );
  if (syncLoop) loops.push(syncLoop);

  return {
    holder,
    processor,
    scheduler,
    syncWorker,
    start(): void {
      for (const loop of loops) loop.start();
    },
    async stop(): Promise<void> {
      syncWorker?.abort();
      await Promise.all(loops.map((l) => l.stop()));
    },
    /** A new event is in the inbox (called by the event endpoint in this process). */
    wakeEvents: () => eventsLoop.wake(),
    wakeSync,
  };
}

export type Background = ReturnType<typeof createBackground>;
