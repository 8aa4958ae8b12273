// The seam between the job queue (control-plane/jobs/) and the full sync (this folder): the queue
// decides WHEN a source syncs and makes sure only one replica runs it; the runner does the run.
//
// The queue creates the run row as 'queued' (sync now, schedule, event reconcile all go through
// jobs/sync-queue.ts `enqueueSync`, which answers SYNC_ALREADY_RUNNING while one is queued or
// running for the source), then a worker claims it ('running', runner_id, heartbeat_at) and calls
// `runSync` with the row's id. The runner carries the run to its outcome (succeeded, failed,
// blocked) and keeps heartbeat_at fresh while it works; it never creates a second row for it.
import type { SyncRunStatus, SyncTrigger } from '../storage/schema.ts';

export interface RunSyncOptions {
  /** The claimed run row (status 'running'), created by the queue. */
  runId: string;
  /** Who runs it (the worker's holder id, also in sync_runs.runner_id). */
  runnerId: string;
  requestedBy: string | null;
  /** Aborted when the process shuts down; the run then ends as failed, nothing applied. */
  signal?: AbortSignal;
}

export interface RunSyncResult {
  runId: string;
  status: SyncRunStatus;
}

export type RunSync = (
  sourceId: string,
  trigger: SyncTrigger,
  options: RunSyncOptions,
) => Promise<RunSyncResult>;
