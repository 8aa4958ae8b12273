// Full sync of the large org (100k users, 5k departments) against an unthrottled sandbox on
// loopback: wall time and peak RSS of the syncing process, on PostgreSQL and on the embedded
// PGlite (on disk), then a second run with nothing changed. Each engine syncs in its own
// process (bench/lib/sync-bench-worker.ts), the sandbox in another. Args: [org] [engines].
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Bench, Figure } from './lib/figure.ts';
import { startBenchPostgres } from './lib/bench-postgres.ts';
import { DEPLOYED_NODE_FLAGS } from './lib/deployed-node-flags.ts';
import { startSandboxProcess, type RunningSandbox } from './lib/sandbox-process.ts';

const WORKER = fileURLToPath(new URL('./lib/sync-bench-worker.ts', import.meta.url));

export interface WorkerRun {
  run: number;
  status: string;
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mib: number;
  counts: {
    users?: Record<string, number>;
    departments?: Record<string, number>;
    api?: Record<string, number>;
  };
  api_calls: number;
  error: unknown;
}

export async function runWorker(
  args: Record<string, unknown>,
  timeoutMs = 30 * 60_000,
): Promise<WorkerRun[]> {
  // The syncing process runs with the flags a deployed replica has (a sync runs inside one),
  // then SYNC_BENCH_NODE_FLAGS: more V8 flags to try (e.g. --optimize-for-size).
  const flags = `${DEPLOYED_NODE_FLAGS} ${process.env.SYNC_BENCH_NODE_FLAGS ?? ''}`
    .split(' ')
    .filter(Boolean);
  const child = spawn(process.execPath, ['--expose-gc', ...flags, WORKER, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const runs: WorkerRun[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      runs.push(JSON.parse(line) as WorkerRun);
    } catch {
      console.error(line);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`sync worker exited with ${code}`);
  return runs;
}

/** Wall time, CPU and peak RSS of one run. */
const runFigures = (prefix: string, run: WorkerRun, users: number): Figure[] => [
  { metric: `${prefix}_wall`, value: run.wall_ms / 1000, unit: 's', n: users },
  { metric: `${prefix}_cpu`, value: run.cpu_ms / 1000, unit: 's', n: users },
  { metric: `${prefix}_peak_rss`, value: run.peak_rss_mib, unit: 'MiB', n: users },
];

export const feishuApp = (sb: RunningSandbox) => sb.info.apps.find((a) => a.brand === 'feishu')!;

const bench: Bench = {
  name: 'sync-full',
  description:
    'Full sync of the large org, unthrottled sandbox: wall and peak RSS on PostgreSQL and PGlite, then an unchanged re-run',
  async run(argv) {
    const org = argv[0] ?? 'large';
    const wanted = (argv[1] ?? 'postgres,pglite').split(',');
    const sb = await startSandboxProcess(['--org', org, '--no-rate-limits'], 300_000);
    const figures: Figure[] = [];
    try {
      const app = feishuApp(sb);
      const base = {
        sandboxUrl: sb.info.url,
        appId: app.app_id,
        appSecret: app.app_secret,
        runs: 2,
        pacing: false,
        concurrency: 8,
      };
      for (const engine of wanted) {
        let target: Record<string, unknown>;
        let cleanup: () => Promise<void>;
        if (engine === 'postgres') {
          const pg = await startBenchPostgres();
          if (!pg) {
            console.error('no PostgreSQL available: skipping it');
            continue;
          }
          target = { engine: 'postgres', url: pg.url };
          cleanup = pg.stop;
        } else {
          const dir = mkdtempSync(join(tmpdir(), 'gh-bench-pglite-'));
          target = { engine: 'pglite', dataDir: dir };
          cleanup = async () => rmSync(dir, { recursive: true, force: true });
        }
        try {
          const [first, second] = await runWorker({ ...base, ...target });
          if (!first || !second) throw new Error('the worker did not report both runs');
          for (const r of [first, second]) {
            if (r.status !== 'succeeded')
              throw new Error(`run ${r.run} ${r.status}: ${JSON.stringify(r.error)}`);
          }
          const users = first.counts.users?.created ?? 0;
          figures.push(
            ...runFigures(`${engine}_full_sync`, first, users),
            {
              metric: `${engine}_full_sync_api_calls`,
              value: first.api_calls,
              unit: 'count',
              n: 1,
            },
            ...runFigures(`${engine}_unchanged_resync`, second, users),
            {
              metric: `${engine}_unchanged_resync_changes`,
              value: Object.values(second.counts.users ?? {}).reduce((a, b) => a + b, 0),
              unit: 'count',
              n: 1,
            },
          );
        } finally {
          await cleanup();
        }
      }
    } finally {
      await sb.stop();
    }
    return figures;
  },
};
export default bench;
