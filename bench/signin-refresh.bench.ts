// Token refresh with rotation on PostgreSQL: client sessions refreshing over HTTP against one
// control-plane replica in a child process (its default pool of 10 connections). Each refresh
// is a real rotation: the spent token is marked, the child token and the new access token's
// claims are written, the session is touched, a new EdDSA access token is signed. Every session
// refreshes one request at a time (as a client does), so none trips the reuse detection.
// Args: [concurrency, default 32] [sessions, default 512] [seconds, default 10]
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SecretBox } from '../control-plane/security/secret-box.ts';
import { migrateToLatest } from '../control-plane/storage/migrator.ts';
import { openDatabase } from '../control-plane/storage/open-database.ts';
import { startChild } from '../test/fixtures/child-process.ts';
import { freePort } from '../test/fixtures/signin-harness.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { benchPostgres } from './lib/pg-cluster.ts';
import { DEPLOYED_NODE_FLAGS } from './lib/deployed-node-flags.ts';
import {
  benchSignInConfig,
  cpuMsOf,
  postgresCpuMsOf,
  rssOf,
  seedSessions,
  type BenchSession,
} from './lib/signin-bench-world.ts';
import { percentile } from './lib/stats.ts';

const CHILD = fileURLToPath(new URL('./lib/signin-replica-child.ts', import.meta.url));

async function refreshOnce(base: string, s: BenchSession): Promise<void> {
  const res = await fetch(`${base}/api/v1/public/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'refresh_token',
      refresh_token: s.refreshToken,
      device_id: s.deviceId,
    }),
  });
  const body = (await res.json()) as { refresh_token?: string; error?: { code: string } };
  if (res.status !== 200 || !body.refresh_token)
    throw new Error(body.error?.code ?? String(res.status));
  s.refreshToken = body.refresh_token;
}

const bench: Bench = {
  name: 'signin-refresh',
  description: 'Token refresh with rotation on PostgreSQL, over HTTP, one replica (refreshes/s)',
  async run(args) {
    const concurrency = Number(args[0] ?? 32);
    const sessionCount = Math.max(concurrency, Number(args[1] ?? 512));
    const seconds = Number(args[2] ?? 10);
    const pgdb = await benchPostgres();
    if (!pgdb) throw new Error('no PostgreSQL: set DATABASE_URL or install the server binaries');
    const masterKey = randomBytes(32).toString('base64');
    const port = await freePort();
    const config = benchSignInConfig({
      port,
      dataDir: '/nonexistent',
      databaseUrl: pgdb.url,
      masterKey,
    });
    try {
      const opened = await openDatabase({ engine: 'postgres', url: pgdb.url });
      await migrateToLatest(opened.db);
      const { sessions } = await seedSessions(
        opened.db,
        new SecretBox(Buffer.from(masterKey, 'base64')),
        config,
        sessionCount,
      );
      await opened.close();
      const child = await startChild<{ port: number }>(CHILD, {
        CHILD_DATABASE_URL: pgdb.url,
        CHILD_MASTER_KEY: masterKey,
        CHILD_PORT: String(port),
        NODE_OPTIONS: DEPLOYED_NODE_FLAGS,
      });
      const database = new URL(pgdb.url).pathname.slice(1);
      const base = `http://127.0.0.1:${port}`;
      try {
        // Warm-up: every session once (JIT, pools, key cache).
        for (let i = 0; i < sessions.length; i += concurrency)
          await Promise.all(sessions.slice(i, i + concurrency).map((s) => refreshOnce(base, s)));
        const latencies: number[] = [];
        let errors = 0;
        const deadline = performance.now() + seconds * 1000;
        const maxOps = 200_000;
        let ops = 0;
        const started = performance.now();
        const cpuBefore = cpuMsOf(child.process.pid!);
        const pgCpuBefore = postgresCpuMsOf(database);
        // Each worker owns its own sessions and refreshes them in turn.
        await Promise.all(
          Array.from({ length: concurrency }, async (_, w) => {
            const mine = sessions.filter((_, i) => i % concurrency === w);
            for (let k = 0; performance.now() < deadline && ops < maxOps; k++) {
              const s = mine[k % mine.length]!;
              ops++;
              const t0 = performance.now();
              try {
                await refreshOnce(base, s);
                latencies.push(performance.now() - t0);
              } catch {
                errors++;
              }
            }
          }),
        );
        const wall = performance.now() - started;
        const cpu = cpuMsOf(child.process.pid!) - cpuBefore;
        const pgCpu = postgresCpuMsOf(database) - pgCpuBefore;
        const rss = rssOf(child.process.pid!);
        latencies.sort((a, b) => a - b);
        const n = latencies.length;
        const figures: Figure[] = [
          { metric: 'refreshes_per_s', value: n / (wall / 1000), unit: 'refreshes/s', n },
          { metric: 'refresh_p50', value: percentile(latencies, 50), unit: 'ms', n },
          { metric: 'refresh_p99', value: percentile(latencies, 99), unit: 'ms', n },
          { metric: 'errors', value: errors, unit: 'count', n: n + errors },
          { metric: 'concurrency', value: concurrency, unit: 'clients', n: sessions.length },
          { metric: 'replica_rss', value: rss, unit: 'MiB', n: 1 },
          // What one refresh costs the replica, whatever else shares the machine.
          { metric: 'replica_cpu_per_refresh', value: cpu / (n + errors), unit: 'ms', n },
          { metric: 'postgres_cpu_per_refresh', value: pgCpu / (n + errors), unit: 'ms', n },
          { metric: 'load_average', value: loadavg()[0]!, unit: 'runnable', n: 1 },
        ];
        return figures;
      } finally {
        await child.stop();
      }
    } finally {
      await pgdb.close();
    }
  },
};
export default bench;
