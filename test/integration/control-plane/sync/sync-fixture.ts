// A sandbox Feishu, a source of its Feishu app in a test database, and the full-sync runner
// pointed at it: `sync()` does what the job queue and a worker do (a running run row, then
// runSync) and answers the finished run row. Sandbox org changes go through `sb.ctx.store`, as a
// Feishu admin's would.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../../../../control-plane/clock.ts';
import { createDirectorySignals } from '../../../../control-plane/directory/signals.ts';
import { sandboxBaseUrls } from '../../../../control-plane/feishu/hosts.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { json, type Database, type SyncTrigger } from '../../../../control-plane/storage/schema.ts';
import { createFullSync, type FullSyncDeps } from '../../../../control-plane/sync/full-sync.ts';
import {
  buildSandbox,
  type BuildSandboxOptions,
  type Sandbox,
} from '../../../../sandbox/server.ts';
import type { SandboxUser } from '../../../../sandbox/org/types.ts';
import { captureLogs } from '../../../fixtures/log-capture.ts';
import { insertSource, type SourceRowOptions } from '../../../fixtures/source-rows.ts';

export interface SyncWorld {
  sb: Sandbox;
  url: string;
  db: Kysely<Database>;
  sourceId: string;
  tenantId: string;
  box: SecretBox;
  appId: string;
  signals: ReturnType<typeof createDirectorySignals>;
  seen: string[];
  sync(trigger?: SyncTrigger, extra?: { approvedRunId?: string }): Promise<RunRow>;
  /** The sandbox's live (not resigned) users of the main tenant. */
  liveUsers(): SandboxUser[];
  openIdOf(u: SandboxUser): string;
  setSource(patch: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export type RunRow = Awaited<ReturnType<typeof readRun>>;

const readRun = (db: Kysely<Database>, id: string) =>
  db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export async function startSyncWorld(
  db: Kysely<Database>,
  options: {
    sandbox?: BuildSandboxOptions;
    source?: SourceRowOptions;
    sync?: Partial<FullSyncDeps>;
    clock?: Clock;
  } = {},
): Promise<SyncWorld> {
  const sb = await buildSandbox({ org: 'small', rateLimits: false, ...options.sandbox });
  const url = await sb.listen(0);
  const app = sb.world.apps.find((a) => a.brand === 'feishu')!;
  const box = new SecretBox(randomBytes(32));
  const { source, tenantId } = await insertSource(db, box, {
    appId: app.app_id,
    appSecret: app.app_secret,
    ...options.source,
  });
  const signals = createDirectorySignals();
  const seen: string[] = [];
  signals.subscribe({
    onUserDisabled: (id, reason) => void seen.push(`disabled:${id}:${reason}`),
    onUserAttributesChanged: (id) => void seen.push(`changed:${id}`),
  });
  const { runSync } = createFullSync({
    db,
    clock: options.clock ?? systemClock,
    secretBox: box,
    logger: captureLogs('warn').logger,
    signals,
    baseUrls: sandboxBaseUrls(url),
    pacing: false,
    concurrency: 4,
    client: { backoff: { baseMs: 5, capMs: 50 } },
    ...options.sync,
  });
  const clock = options.clock ?? systemClock;
  return {
    sb,
    url,
    db,
    sourceId: source.id,
    tenantId,
    box,
    appId: app.app_id,
    signals,
    seen,
    async sync(trigger = 'manual', extra = {}) {
      const id = randomUUID();
      const now = clock.now();
      await db
        .insertInto('sync_runs')
        .values({
          id,
          source_id: source.id,
          tenant_id: tenantId,
          trigger,
          status: 'running',
          requested_by: null,
          counts: json({}),
          created_at: now,
          started_at: now,
          runner_id: 'test-runner',
          heartbeat_at: now,
          approved_run_id: extra.approvedRunId ?? null,
        })
        .execute();
      await runSync(source.id, trigger, { runId: id, runnerId: 'test-runner', requestedBy: null });
      return readRun(db, id);
    },
    liveUsers: () =>
      [...sb.ctx.store.users.values()].filter(
        (u) => u.tenantKey === sb.world.tenantKey && !u.deleted,
      ),
    openIdOf: (u) => sb.ctx.store.openIds.openIdFor(app.app_id, u.key),
    async setSource(patch) {
      await db.updateTable('identity_sources').set(patch).where('id', '=', source.id).execute();
    },
    close: () => sb.close(),
  };
}

/** Directory rows of a source, keyed by open_id. */
export async function directoryUsers(db: Kysely<Database>, sourceId: string) {
  const rows = await db
    .selectFrom('directory_users')
    .selectAll()
    .where('source_id', '=', sourceId)
    .execute();
  return new Map(rows.map((r) => [r.open_id, r]));
}

export async function membershipsOf(db: Kysely<Database>, userRowId: string) {
  const rows = await db
    .selectFrom('directory_memberships')
    .select(['open_department_id', 'is_primary'])
    .where('user_id', '=', userRowId)
    .orderBy('open_department_id')
    .execute();
  return rows;
}
