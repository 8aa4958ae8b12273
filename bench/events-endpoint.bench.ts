// The Feishu event endpoint under load, on loopback, against a control-plane replica in a child
// process started with the flags `npm run control-plane` uses:
// 1. ingest: encrypted, signed contact events from 32 concurrent senders as fast as the replica
//    answers (its saturation rate), then at a steady 1,000 events/s (the goal's rate, sent on a
//    timetable whatever the answers do); each stored durably (committed) before its 200; the
//    replica's workers are off so the figures are the endpoint's.
// 2. applied: events sent at a steady rate to a replica whose workers are on; the time from
//    sending an event to its change being committed in the directory (processed_at, same host
//    clock), and the answer latency while processing runs.
// 3. drain: a burst of events, and how fast the workers apply them.
// On PGlite (an on-disk data directory, the embedded default) and PostgreSQL (DATABASE_URL, or a
// throwaway cluster with default durability). Bounded in count and time; 127.0.0.1 only.
// The senders share the machine's CPUs with the replica and the database, so they use node:http
// with keep-alive connections, as Feishu's senders would: fetch (undici) cost the load generator
// about twice the CPU per request, taken from the replica under test.
// Args: [pglite|postgres|both] [ingest events, default 20000]. Env: EVENTS_BENCH_NODE_FLAGS.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../control-plane/config/config-schema.ts';
import { openRuntime } from '../control-plane/runtime.ts';
import { startChild } from '../test/fixtures/child-process.ts';
import {
  contactEvent,
  createEventSource,
  pushOf,
  type EventSource,
  type Push,
} from '../test/fixtures/event-source.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { benchPostgres } from './lib/pg-cluster.ts';
import { DEPLOYED_NODE_FLAGS } from './lib/deployed-node-flags.ts';
import { boundedLoad, percentile } from './lib/stats.ts';

const CHILD = fileURLToPath(new URL('../test/fixtures/control-plane-child.ts', import.meta.url));
const clock = { now: () => new Date() };

interface Target {
  engine: 'pglite' | 'postgres';
  env: Record<string, string>;
  config: { dataDir: string; databaseUrl?: string; masterKey: string };
  close(): Promise<void>;
}

async function withRuntime<T>(
  t: Target,
  fn: (rt: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>,
) {
  const rt = await openRuntime(configSchema.parse(t.config), () => new Date());
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

let counter = 0;
const departmentEvent = (source: EventSource) => {
  const n = ++counter;
  return contactEvent(source, 'contact.department.created_v3', {
    object: {
      open_department_id: `od-b${n}`,
      name: `Bench ${n}`,
      parent_department_id: '0',
      order: n,
    },
  });
};

// EVENTS_BENCH_NODE_FLAGS: other flags for the replica (e.g. "" for V8's defaults).
const childFlags = process.env.EVENTS_BENCH_NODE_FLAGS ?? DEPLOYED_NODE_FLAGS;

const senders = new Agent({ keepAlive: true, maxSockets: 64 });

function send(port: number, source: EventSource, push: Push): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/feishu/events/${source.sourceId}`,
        agent: senders,
        headers: { ...push.headers, 'content-length': Buffer.byteLength(push.body) },
      },
      (res) => {
        res.resume();
        res.once('error', reject);
        res.once('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.once('error', reject);
    req.end(push.body);
  });
}

/**
 * Sends `count` pushes at `perSecond` on a timetable (open loop: a slow answer does not delay
 * the next push) and returns the answer latencies, sorted, and the errors.
 */
async function steadyLoad(
  count: number,
  perSecond: number,
  sendOne: (i: number) => Promise<void>,
): Promise<{ latenciesMs: number[]; errors: number }> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    // Yield either way, so answers are read while the timetable runs.
    await new Promise((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
    const t0 = performance.now();
    inflight.push(
      sendOne(i).then(
        () => void latenciesMs.push(performance.now() - t0),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  latenciesMs.sort((a, b) => a - b);
  return { latenciesMs, errors };
}

/** Events the replica has finished processing (its metrics). */
async function processedCount(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^gatehouse_feishu_events_processed_total\{[^}]*\} (\d+)/gm))
    n += Number(m[1]);
  return n;
}

async function measure(t: Target, ingestCount: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const tag = (metric: string) => `${t.engine}_${metric}`;
  const source = await withRuntime(t, (rt) => createEventSource(rt.db, rt.secretBox, clock));

  // 1. Ingest: the endpoint alone.
  {
    const pushes = Array.from({ length: ingestCount }, () =>
      pushOf(source, departmentEvent(source)),
    );
    const child = await startChild<{ port: number }>(CHILD, {
      ...t.env,
      CHILD_BACKGROUND: 'off',
      NODE_OPTIONS: childFlags,
    });
    try {
      for (let i = 0; i < 200; i++)
        await send(child.ready.port, source, pushOf(source, departmentEvent(source))); // warm-up
      const r = await boundedLoad((i) => send(child.ready.port, source, pushes[i]!), {
        concurrency: 32,
        maxOps: pushes.length,
        maxMs: 30_000,
      });
      const n = r.latenciesMs.length;
      console.error(`${t.engine}: ingest done, ${n} in ${Math.round(r.wallMs)} ms`);
      figures.push(
        { metric: tag('ingest_events_per_s'), value: n / (r.wallMs / 1000), unit: 'events/s', n },
        { metric: tag('ingest_answer_p50'), value: percentile(r.latenciesMs, 50), unit: 'ms', n },
        { metric: tag('ingest_answer_p99'), value: percentile(r.latenciesMs, 99), unit: 'ms', n },
        { metric: tag('ingest_errors'), value: r.errors, unit: 'count', n: n + r.errors },
      );
      // The goal's rate, held for 10 s.
      const steadyPushes = Array.from({ length: 10_000 }, () =>
        pushOf(source, departmentEvent(source)),
      );
      const steady = await steadyLoad(steadyPushes.length, 1000, (i) =>
        send(child.ready.port, source, steadyPushes[i]!),
      );
      const m = steady.latenciesMs.length;
      console.error(`${t.engine}: 1,000/s done`);
      figures.push(
        {
          metric: tag('answer_p50_at_1000_per_s'),
          value: percentile(steady.latenciesMs, 50),
          unit: 'ms',
          n: m,
        },
        {
          metric: tag('answer_p99_at_1000_per_s'),
          value: percentile(steady.latenciesMs, 99),
          unit: 'ms',
          n: m,
        },
        {
          metric: tag('errors_at_1000_per_s'),
          value: steady.errors,
          unit: 'count',
          n: m + steady.errors,
        },
      );
    } finally {
      await child.stop();
    }
  }
  // What phase 1 stored is not part of the next phases: set it aside.
  await withRuntime(t, (rt) =>
    rt.db
      .updateTable('events_inbox')
      .set({ status: 'ignored', processed_at: new Date() })
      .where('processed_at', 'is', null)
      .execute(),
  );

  const child = await startChild<{ port: number }>(CHILD, {
    ...t.env,
    CHILD_BACKGROUND: 'on',
    NODE_OPTIONS: childFlags,
  });
  const sentAt = new Map<string, number>();
  try {
    // Warm-up (JIT, first claims, the database's caches), not measured.
    await boundedLoad(
      () => send(child.ready.port, source, pushOf(source, departmentEvent(source))),
      {
        concurrency: 4,
        maxOps: 300,
        maxMs: 20_000,
      },
    );
    await new Promise((r) => setTimeout(r, 2000));
    const warmed = await processedCount(child.ready.port);

    // 2. Applied: a steady 100 events/s for 10 s (a busy day of a 100k-person org is far less).
    const rate = 100;
    const total = 1000;
    const answers: number[] = [];
    const started = Date.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const event = departmentEvent(source);
      const push = pushOf(source, event);
      const t0 = performance.now();
      sentAt.set(event.header.event_id, Date.now());
      inflight.push(
        send(child.ready.port, source, push).then(() => void answers.push(performance.now() - t0)),
      );
    }
    await Promise.all(inflight);
    console.error(`${t.engine}: steady phase sent`);
    answers.sort((a, b) => a - b);
    figures.push({
      metric: tag('answer_p99_while_processing'),
      value: percentile(answers, 99),
      unit: 'ms',
      n: answers.length,
    });

    // 3. Drain: a burst of 2000 at once.
    const burst = Array.from({ length: 2000 }, () => departmentEvent(source));
    const burstStart = Date.now();
    await boundedLoad((i) => send(child.ready.port, source, pushOf(source, burst[i]!)), {
      concurrency: 32,
      maxOps: burst.length,
      maxMs: 30_000,
    });
    const deadline = Date.now() + 120_000;
    while (
      Date.now() < deadline &&
      (await processedCount(child.ready.port)) < warmed + total + 2000
    )
      await new Promise((r) => setTimeout(r, 50));
    const drainMs = Date.now() - burstStart;
    figures.push({
      metric: tag('burst_applied_per_s'),
      value: 2000 / (drainMs / 1000),
      unit: 'events/s',
      n: 2000,
    });
  } finally {
    await child.stop();
  }
  const lags = await withRuntime(t, async (rt) => {
    const rows = await rt.db
      .selectFrom('events_inbox')
      .select(['event_id', 'processed_at', 'status'])
      .where('event_id', 'in', [...sentAt.keys()])
      .execute();
    return rows
      .filter((r) => r.processed_at && r.status === 'applied')
      .map((r) => r.processed_at!.getTime() - sentAt.get(r.event_id)!);
  });
  lags.sort((a, b) => a - b);
  figures.push(
    {
      metric: tag('event_to_applied_p50'),
      value: percentile(lags, 50),
      unit: 'ms',
      n: lags.length,
    },
    {
      metric: tag('event_to_applied_p99'),
      value: percentile(lags, 99),
      unit: 'ms',
      n: lags.length,
    },
  );
  return figures;
}

const bench: Bench = {
  name: 'events-endpoint',
  description:
    'Feishu event endpoint: durable ingest rate and answer latency, event-to-directory-applied latency, burst drain (PGlite and PostgreSQL)',
  async run(args) {
    const which = args[0] ?? 'both';
    const ingestCount = Number(args[1] ?? 20_000);
    const masterKey = randomBytes(32).toString('base64');
    const figures: Figure[] = [];
    if (which === 'pglite' || which === 'both') {
      const dataDir = mkdtempSync(join(tmpdir(), 'gh-bench-events-'));
      try {
        figures.push(
          ...(await measure(
            {
              engine: 'pglite',
              env: { CHILD_DATA_DIR: dataDir, CHILD_MASTER_KEY: masterKey },
              config: { dataDir, masterKey },
              close: async () => {},
            },
            ingestCount,
          )),
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (which === 'postgres' || which === 'both') {
      const pgdb = await benchPostgres();
      if (!pgdb) console.error('no PostgreSQL (DATABASE_URL or server binaries): skipped');
      else {
        try {
          figures.push(
            ...(await measure(
              {
                engine: 'postgres',
                env: { CHILD_DATABASE_URL: pgdb.url, CHILD_MASTER_KEY: masterKey },
                config: { dataDir: '/nonexistent', databaseUrl: pgdb.url, masterKey },
                close: () => pgdb.close(),
              },
              ingestCount,
            )),
          );
        } finally {
          await pgdb.close();
        }
      }
    }
    return figures;
  },
};
export default bench;
