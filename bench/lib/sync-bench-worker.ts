// One process per measured database, so each peak RSS is that engine's alone: opens the
// database (PostgreSQL URL or a PGlite data directory), migrates, adds a source for the
// sandbox's Feishu app and runs full syncs back to back, printing one JSON line per run:
// {run, status, wall_ms, cpu_ms, peak_rss_mib, counts, api_calls}. Args: JSON in argv[2].
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../control-plane/clock.ts';
import { sandboxBaseUrls } from '../../control-plane/feishu/hosts.ts';
import { createLogger } from '../../control-plane/observability/logger.ts';
import { migrateToLatest } from '../../control-plane/storage/migrator.ts';
import { openDatabase } from '../../control-plane/storage/open-database.ts';
import { json } from '../../control-plane/storage/schema.ts';
import { createFullSync } from '../../control-plane/sync/full-sync.ts';
import { insertSource } from '../../test/fixtures/source-rows.ts';
import { rssSampler } from './stats.ts';

interface Args {
  engine: 'postgres' | 'pglite';
  url?: string;
  dataDir?: string;
  sandboxUrl: string;
  appId: string;
  appSecret: string;
  runs: number;
  pacing: boolean;
  concurrency: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const opened = await openDatabase(
  args.engine === 'postgres'
    ? { engine: 'postgres', url: args.url!, poolSize: 4 }
    : { engine: 'pglite', dataDir: args.dataDir! },
);
const db = opened.db;
await migrateToLatest(db);
// The sandbox's Feishu app, its connectivity test passed.
const { tenantId, source, box } = await insertSource(db, undefined, {
  appId: args.appId,
  appSecret: args.appSecret,
});
const sourceId = source.id;

const { runSync } = createFullSync({
  db,
  clock: systemClock,
  secretBox: box,
  logger: createLogger({ level: 'silent' }),
  baseUrls: sandboxBaseUrls(args.sandboxUrl),
  pacing: args.pacing ? undefined : false,
  concurrency: args.concurrency,
});

for (let i = 1; i <= args.runs; i++) {
  const runId = randomUUID();
  const t = new Date();
  await db
    .insertInto('sync_runs')
    .values({
      id: runId,
      source_id: sourceId,
      tenant_id: tenantId,
      trigger: 'manual',
      status: 'running',
      counts: json({}),
      created_at: t,
      started_at: t,
      runner_id: 'bench',
      heartbeat_at: t,
    })
    .execute();
  global.gc?.();
  const rss = rssSampler(20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await runSync(sourceId, 'manual', { runId, runnerId: 'bench', requestedBy: null });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peak = rss.stop();
  const row = await db
    .selectFrom('sync_runs')
    .select(['counts', 'api_calls', 'error'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  console.log(
    JSON.stringify({
      run: i,
      status: result.status,
      wall_ms: wallMs,
      // CPU this process spent (user + system): steadier than wall time on a shared machine.
      cpu_ms: (cpu.user + cpu.system) / 1000,
      peak_rss_mib: peak,
      counts: row.counts,
      api_calls: row.api_calls,
      error: row.error,
    }),
  );
}
await opened.close();
