// Full sync against a sandbox that enforces the platform's default rate limits (50/s and
// 1000/min per endpoint and app), with the client's pacing on: wall time against the floor the
// limits impose. Floor = for each endpoint, the least time its calls take under both limits
// (floorSeconds), summed, since the sync reads departments before members.
// Args: [org=medium] [engine=postgres|pglite].
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench } from './lib/figure.ts';
import { startBenchPostgres } from './lib/bench-postgres.ts';
import { startSandboxProcess } from './lib/sandbox-process.ts';
import { feishuApp, runWorker } from './sync-full.bench.ts';

const PER_SECOND = 50;
const PER_MINUTE = 1000;

/**
 * Seconds the platform's limits impose on `calls` calls of one endpoint: 50 a second while the
 * minute's 1000 last, then one more minute for each further 1000 (the windows are fixed).
 */
export function floorSeconds(calls: number): number {
  if (calls <= PER_MINUTE) return calls / PER_SECOND;
  const fullMinutes = Math.ceil(calls / PER_MINUTE) - 1;
  return fullMinutes * 60 + (calls - fullMinutes * PER_MINUTE) / PER_SECOND;
}

const bench: Bench = {
  name: 'sync-rate-limited',
  description:
    'Full sync under the platform default rate limits: wall time vs the floor the limits impose',
  async run(argv) {
    const org = argv[0] ?? 'medium';
    const engine = argv[1] ?? 'postgres';
    const sb = await startSandboxProcess(['--org', org], 300_000);
    let cleanup = async () => {};
    try {
      let target: Record<string, unknown>;
      const pg = engine === 'postgres' ? await startBenchPostgres() : undefined;
      if (pg) {
        target = { engine: 'postgres', url: pg.url };
        cleanup = pg.stop;
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'gh-bench-pglite-'));
        target = { engine: 'pglite', dataDir: dir };
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      }
      const app = feishuApp(sb);
      const [run] = await runWorker({
        ...target,
        sandboxUrl: sb.info.url,
        appId: app.app_id,
        appSecret: app.app_secret,
        runs: 1,
        pacing: true,
        concurrency: 8,
      });
      if (!run || run.status !== 'succeeded')
        throw new Error(`run ended ${run?.status}: ${JSON.stringify(run?.error)}`);
      const api = run.counts.api ?? {};
      let floor = 0;
      let needed = 0;
      for (const [key, n] of Object.entries(api)) {
        if (!key.startsWith('GET ') && !key.startsWith('POST ')) continue;
        const calls = n - (api[`429 ${key}`] ?? 0);
        needed += calls;
        floor += floorSeconds(calls);
      }
      const wall = run.wall_ms / 1000;
      return [
        { metric: 'wall', value: wall, unit: 's', n: run.counts.users?.created ?? 0 },
        { metric: 'floor', value: floor, unit: 's', n: needed },
        { metric: 'ratio_to_floor', value: wall / floor, unit: 'x', n: needed },
        { metric: 'api_calls', value: run.api_calls, unit: 'count', n: 1 },
        { metric: 'rate_limited_answers', value: api.rate_limited ?? 0, unit: 'count', n: 1 },
      ];
    } finally {
      await cleanup();
      await sb.stop();
    }
  },
};
export default bench;
