// A REAL kill -9 of a process in the middle of a sync: a child runs the sync of a medium org
// against a sandbox started here and is killed with SIGKILL, once while it fetches and once
// inside its apply transaction. Each time the directory is exactly what it was before, the run
// is declared interrupted, and a re-run then completes. On PostgreSQL and on PGlite on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../control-plane/clock.ts';
import { sandboxBaseUrls } from '../../../../control-plane/feishu/hosts.ts';
import { failInterruptedRuns } from '../../../../control-plane/jobs/sync-queue.ts';
import { createLogger } from '../../../../control-plane/observability/logger.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { migrateToLatest } from '../../../../control-plane/storage/migrator.ts';
import { openDatabase } from '../../../../control-plane/storage/open-database.ts';
import { json, type Database } from '../../../../control-plane/storage/schema.ts';
import { createFullSync } from '../../../../control-plane/sync/full-sync.ts';
import { buildSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import { engines } from '../../../fixtures/db.ts';
import { insertSource } from '../../../fixtures/source-rows.ts';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));

interface Target {
  name: string;
  env: Record<string, string>;
  open(): Promise<{ db: Kysely<Database>; close(): Promise<void> }>;
  dispose(): Promise<void>;
}

async function pgliteOnDisk(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-kill-'));
  return {
    name: 'pglite (on disk)',
    env: { DB_ENGINE: 'pglite', DB_DIR: dir },
    open: () => openDatabase({ engine: 'pglite', dataDir: dir }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgres(): Promise<Target> {
  const pg = engines.find((e) => e.name === 'postgres')!;
  const database = await pg.open();
  return {
    name: 'postgres',
    env: { DB_ENGINE: 'postgres', DB_URL: database.url! },
    open: async () => {
      const o = await openDatabase({ engine: 'postgres', url: database.url!, poolSize: 2 });
      return { db: o.db, close: o.close };
    },
    dispose: () => database.close(),
  };
}

const targets = [
  { name: 'pglite', make: pgliteOnDisk },
  ...(engines.some((e) => e.name === 'postgres') ? [{ name: 'postgres', make: postgres }] : []),
];

/** Everything the directory holds for a source, in a stable order: the before/after witness. */
async function dump(db: Kysely<Database>, sourceId: string) {
  const [users, depts, members, source] = await Promise.all([
    db
      .selectFrom('directory_users')
      .selectAll()
      .where('source_id', '=', sourceId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('directory_departments')
      .selectAll()
      .where('source_id', '=', sourceId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('directory_memberships')
      .selectAll()
      .where('source_id', '=', sourceId)
      .orderBy('user_id')
      .orderBy('open_department_id')
      .execute(),
    db
      .selectFrom('identity_sources')
      .select('directory_version')
      .where('id', '=', sourceId)
      .executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify({ users, depts, members, version: source.directory_version });
}

interface Spawned {
  child: ChildProcess;
  waitFor(line: string, timeoutMs: number): Promise<void>;
  kill9(): Promise<number | null>;
  output(): string;
}

function spawnChild(env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seen: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-10_000)));
  const waiters: { line: string; resolve(): void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    seen.push(line);
    for (const w of waiters.filter((x) => line.startsWith(x.line))) w.resolve();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? 9 : _code)),
  );
  return {
    child,
    output: () => `${seen.join('\n')}\n${stderr}`,
    waitFor(line, timeoutMs) {
      if (seen.some((l) => l.startsWith(line))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no "${line}" in ${timeoutMs} ms:\n${seen.join('\n')}\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({ line, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() =>
          reject(new Error(`child exited before "${line}":\n${seen.join('\n')}\n${stderr}`)),
        );
      });
    },
    async kill9() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

describe.each(targets)('kill -9 during a sync on $name', ({ make }) => {
  let sb: Sandbox;
  let url: string;
  let served = 0;
  let target: Target;
  const masterKey = randomBytes(32).toString('base64');
  let sourceId = '';
  let tenantId = '';

  beforeAll(async () => {
    sb = await buildSandbox({ org: 'medium', rateLimits: false });
    sb.app.addHook('onRequest', async () => {
      served += 1;
    });
    url = await sb.listen(0);
    target = await make();
  }, 120_000);
  afterAll(async () => {
    await sb?.close();
    await target?.dispose();
  });

  // The child decrypts with its own SecretBox built from MASTER_KEY: use that key here too.
  const childBox = () => new SecretBox(Buffer.from(masterKey, 'base64'));

  async function withDb<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const o = await target.open();
    try {
      return await fn(o.db);
    } finally {
      await o.close();
    }
  }

  const syncHere = (db: Kysely<Database>, runId: string) =>
    createFullSync({
      db,
      clock: systemClock,
      secretBox: childBox(),
      logger: createLogger({ level: 'silent' }),
      baseUrls: sandboxBaseUrls(url),
      pacing: false,
      concurrency: 4,
    }).runSync(sourceId, 'manual', { runId, runnerId: 'parent', requestedBy: null });

  async function queueRun(db: Kysely<Database>, runnerId: string): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await db
      .insertInto('sync_runs')
      .values({
        id,
        source_id: sourceId,
        tenant_id: tenantId,
        trigger: 'manual',
        status: 'running',
        counts: json({}),
        created_at: now,
        started_at: now,
        runner_id: runnerId,
        heartbeat_at: now,
      })
      .execute();
    return id;
  }

  /** Changes that make the next sync write a lot: every third person gets a new job title. */
  function changeOrg(tag: string) {
    const store = sb.ctx.store;
    let n = 0;
    for (const u of store.users.values()) {
      if (u.tenantKey !== sb.world.tenantKey || u.deleted || n++ % 3) continue;
      store.updateUser(u.key, { jobTitle: `${tag} ${u.jobTitle}`.slice(0, 60) });
    }
  }

  it('leaves the directory as it was, then a re-run completes', async () => {
    const app = sb.world.apps.find((a) => a.brand === 'feishu')!;
    // One open of the database per step: opening PGlite on disk costs seconds.
    let runId = '';
    const before = await withDb(async (db) => {
      await migrateToLatest(db);
      const s = await insertSource(db, childBox(), {
        appId: app.app_id,
        appSecret: app.app_secret,
      });
      sourceId = s.source.id;
      tenantId = s.tenantId;
      expect(await syncHere(db, await queueRun(db, 'parent'))).toMatchObject({
        status: 'succeeded',
      });
      changeOrg('v2');
      runId = await queueRun(db, 'kill-child');
      return dump(db, sourceId);
    });

    // 1. Killed while fetching: after the sandbox has served 40 more requests.
    const env = {
      ...target.env,
      SANDBOX_URL: url,
      SOURCE_ID: sourceId,
      RUN_ID: runId,
      MASTER_KEY: masterKey,
    };
    served = 0;
    const first = spawnChild(env);
    await first.waitFor('READY', 60_000);
    const deadline = Date.now() + 60_000;
    while (served < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(await first.kill9()).toBe(9);
    expect(first.output()).not.toContain('WRITING');
    const killedRun = runId;
    runId = await withDb(async (db) => {
      expect(await dump(db, sourceId)).toBe(before);
      const swept = await failInterruptedRuns(db, new Date(), 0);
      expect(swept.map((r) => r.id)).toContain(killedRun);
      return queueRun(db, 'kill-child');
    });

    // 2. Killed inside the apply transaction, after some directory writes went to the database.
    const second = spawnChild({ ...env, RUN_ID: runId, SLOW_WRITES_MS: '300' });
    await second.waitFor('WRITING', 120_000);
    expect(await second.kill9()).toBe(9);
    expect(second.output()).not.toContain('DONE');
    await withDb(async (db) => {
      expect(await dump(db, sourceId)).toBe(before);
      const run = await db
        .selectFrom('sync_runs')
        .selectAll()
        .where('id', '=', runId)
        .executeTakeFirstOrThrow();
      expect(run).toMatchObject({ status: 'running', phase: 'applying' });
      await failInterruptedRuns(db, new Date(), 0);
      const failed = await db
        .selectFrom('sync_runs')
        .selectAll()
        .where('id', '=', runId)
        .executeTakeFirstOrThrow();
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'SYNC_INTERRUPTED' } });

      // 3. A complete re-run picks up every change.
      const done = await syncHere(db, await queueRun(db, 'parent'));
      expect(done.status).toBe('succeeded');
      const rerun = await db
        .selectFrom('sync_runs')
        .selectAll()
        .where('id', '=', done.runId)
        .executeTakeFirstOrThrow();
      const changed = [...sb.ctx.store.users.values()].filter(
        (u) => u.tenantKey === sb.world.tenantKey && !u.deleted && u.jobTitle.startsWith('v2 '),
      ).length;
      expect(rerun.counts).toMatchObject({ users: { updated: changed, created: 0 } });
      const titled = await db
        .selectFrom('directory_users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source_id', '=', sourceId)
        .where(sql<string>`attributes->>'job_title'`, 'like', 'v2 %')
        .executeTakeFirstOrThrow();
      expect(Number(titled.n)).toBe(changed);
    });
  }, 300_000);
});
