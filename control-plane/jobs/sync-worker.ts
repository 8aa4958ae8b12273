// Runs queued syncs: claims one, keeps its heartbeat going while the runner works (so other
// replicas can tell a live run from a dead one), and makes sure the run row ends in an outcome
// even if the runner throws. Also sweeps runs whose runner died (no heartbeat for `staleMs`).
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Logger } from '../observability/logger.ts';
import { json, type Database } from '../storage/schema.ts';
import type { RunSync } from '../sync/runner.ts';
import { claimQueuedRun, failInterruptedRuns, heartbeat } from './sync-queue.ts';

export interface SyncWorkerOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  runSync: RunSync;
  runnerId: string;
  heartbeatMs?: number;
  /** A running run without a heartbeat for this long is interrupted. */
  staleMs?: number;
}

export function createSyncWorker(options: SyncWorkerOptions) {
  const { db, clock, logger, runnerId } = options;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const staleMs = options.staleMs ?? 2 * 60_000;
  const abort = new AbortController();

  async function runClaimed(run: {
    id: string;
    source_id: string;
    trigger: string;
    requested_by: string | null;
  }) {
    const beat = setInterval(() => {
      heartbeat(db, run.id, runnerId, clock.now()).catch((err: unknown) =>
        logger.warn({ runId: run.id, err: (err as Error).message }, 'sync heartbeat failed'),
      );
    }, heartbeatMs);
    beat.unref();
    try {
      const result = await options.runSync(run.source_id, run.trigger as never, {
        runId: run.id,
        runnerId,
        requestedBy: run.requested_by,
        signal: abort.signal,
      });
      logger.info(
        { runId: run.id, sourceId: run.source_id, status: result.status },
        'sync run ended',
      );
    } catch (err) {
      logger.error(
        { runId: run.id, sourceId: run.source_id, err: { message: (err as Error).message } },
        'sync runner threw',
      );
      await db
        .updateTable('sync_runs')
        .set({
          status: 'failed',
          finished_at: clock.now(),
          error: json({ code: 'SYNC_FAILED', message: (err as Error).message?.slice(0, 500) }),
        })
        .where('id', '=', run.id)
        .where('status', '=', 'running')
        .where('runner_id', '=', runnerId)
        .execute();
    } finally {
      clearInterval(beat);
    }
  }

  return {
    /** Sweeps dead runs, then runs one queued run to its end; true if there was one. */
    async runOnce(): Promise<boolean> {
      const interrupted = await failInterruptedRuns(db, clock.now(), staleMs);
      for (const r of interrupted)
        logger.warn({ runId: r.id, sourceId: r.source_id }, 'sync run interrupted (runner gone)');
      const run = await claimQueuedRun(db, runnerId, clock.now());
      if (!run) return false;
      await runClaimed(run);
      return true;
    },
    /** Asks a run in progress to stop (process shutdown). */
    abort(): void {
      abort.abort();
    },
  };
}

export type SyncWorker = ReturnType<typeof createSyncWorker>;
