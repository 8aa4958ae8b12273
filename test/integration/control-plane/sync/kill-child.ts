// The child process of the kill -9 test: runs one full sync of a source against the sandbox the
// test started, on the database it names, and reports on stdout where it is ("READY", "APPLYING"
// once the run says it applies, "WRITING" after each directory write inside the transaction,
// "DONE <status>"). With SLOW_WRITES_MS it pauses after each write, so a SIGKILL can land in the
// middle of the apply transaction.
import { writeSync } from 'node:fs';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { systemClock } from '../../../../control-plane/clock.ts';
import { createDirectorySignals } from '../../../../control-plane/directory/signals.ts';
import { sandboxBaseUrls } from '../../../../control-plane/feishu/hosts.ts';
import { createLogger } from '../../../../control-plane/observability/logger.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { openDatabase } from '../../../../control-plane/storage/open-database.ts';
import { createFullSync } from '../../../../control-plane/sync/full-sync.ts';

const say = (line: string) => writeSync(1, `${line}\n`);
const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
const slowMs = Number(process.env.SLOW_WRITES_MS ?? 0);

/** Whether a query writes directory users or memberships (query builder or raw SQL). */
const writesDirectory = (node: RootOperationNode): boolean => {
  const n = node as {
    kind: string;
    into?: { table: { identifier: { name: string } } };
    sqlFragments?: readonly string[];
  };
  if (n.kind === 'InsertQueryNode') {
    const table = n.into?.table.identifier.name;
    return table === 'directory_users' || table === 'directory_memberships';
  }
  const text = n.sqlFragments?.join(' ') ?? '';
  return /insert into directory_(users|memberships)/.test(text);
};

/** Watches the queries of the run: says when it applies, and slows the directory writes. */
class Observer implements KyselyPlugin {
  private readonly writes = new WeakSet<object>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (writesDirectory(args.node)) this.writes.add(args.queryId);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.writes.has(args.queryId)) {
      say('WRITING');
      if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
    }
    return args.result;
  }
}

const target =
  env('DB_ENGINE') === 'postgres'
    ? { engine: 'postgres' as const, url: env('DB_URL'), poolSize: 4 }
    : { engine: 'pglite' as const, dataDir: env('DB_DIR') };
const opened = await openDatabase(target);
const db = opened.db.withPlugin(new Observer());
const runId = env('RUN_ID');
const phaseWatch = setInterval(() => {
  void opened.db
    .selectFrom('sync_runs')
    .select('phase')
    .where('id', '=', runId)
    .executeTakeFirst()
    .then((r) => {
      if (r?.phase === 'applying') {
        say('APPLYING');
        clearInterval(phaseWatch);
      }
    });
}, 20);
const { runSync } = createFullSync({
  db,
  clock: systemClock,
  secretBox: new SecretBox(Buffer.from(env('MASTER_KEY'), 'base64')),
  logger: createLogger({ level: 'silent' }),
  signals: createDirectorySignals(),
  baseUrls: sandboxBaseUrls(env('SANDBOX_URL')),
  pacing: false,
  concurrency: 4,
});
say('READY');
const result = await runSync(env('SOURCE_ID'), 'manual', {
  runId,
  runnerId: 'kill-child',
  requestedBy: null,
});
clearInterval(phaseWatch);
say(`DONE ${result.status}`);
await opened.close();
