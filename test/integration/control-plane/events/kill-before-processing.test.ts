// kill -9 of a replica between storing events and processing them loses nothing: every event
// that was answered 200 is in the inbox after the kill, and a restarted replica applies them all,
// including those the killed one had claimed but not finished.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../../control-plane/config/config-schema.ts';
import { openRuntime, type Runtime } from '../../../../control-plane/runtime.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import { startChild, type Child } from '../../../fixtures/child-process.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  contactEvent,
  createEventSource,
  pushOf,
  type EventSource,
} from '../../../fixtures/event-source.ts';

const CHILD = fileURLToPath(new URL('../../../fixtures/control-plane-child.ts', import.meta.url));
const clock = { now: () => new Date() };

describe.each(engines)('kill -9 between storing and processing events on $name', (engine) => {
  const masterKey = randomBytes(32).toString('base64');
  let dataDir: string | undefined;
  let database: TestDatabase | undefined;
  let source: EventSource;
  const children: Child<{ port: number }>[] = [];

  const childEnv = (extra: Record<string, string>) => ({
    CHILD_MASTER_KEY: masterKey,
    ...(dataDir ? { CHILD_DATA_DIR: dataDir } : { CHILD_DATABASE_URL: database!.url! }),
    ...extra,
  });
  /** The database as the test sees it (PGlite: opened only while no child holds it). */
  async function withDb<T>(fn: (rt: Pick<Runtime, 'db' | 'secretBox'>) => Promise<T>): Promise<T> {
    if (database)
      return fn({ db: database.db, secretBox: new SecretBox(Buffer.from(masterKey, 'base64')) });
    const rt = await openRuntime(
      configSchema.parse({ dataDir: dataDir!, masterKey }),
      () => new Date(),
    );
    try {
      return await fn(rt);
    } finally {
      await rt.close();
    }
  }

  beforeAll(async () => {
    if (engine.name === 'pglite') dataDir = mkdtempSync(join(tmpdir(), 'gh-kill-'));
    else database = await engine.open();
    source = await withDb((rt) =>
      createEventSource(rt.db, rt.secretBox, clock, { encryptKey: null }),
    );
  }, 60_000);
  afterAll(async () => {
    for (const c of children) await c.kill9();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (extra: Record<string, string>) => {
    const child = await startChild<{ port: number }>(CHILD, childEnv(extra));
    children.push(child);
    return child;
  };
  const eventFor = (n: number) =>
    contactEvent(source, 'contact.department.created_v3', {
      object: {
        open_department_id: `od-k${n}`,
        name: `K${n}`,
        parent_department_id: '0',
        order: n,
      },
    });
  /** Delivers events concurrently; resolves to the ids answered 200 (others may be cut off). */
  async function deliver(
    port: number,
    events: ReturnType<typeof eventFor>[],
    onAck?: (n: number) => void,
  ) {
    const acked: string[] = [];
    await Promise.all(
      events.map(async (e) => {
        const push = pushOf(source, e);
        try {
          const res = await fetch(
            `http://127.0.0.1:${port}/api/v1/feishu/events/${source.sourceId}`,
            {
              method: 'POST',
              headers: push.headers,
              body: push.body,
            },
          );
          if (res.status === 200) {
            acked.push(e.header.event_id);
            onAck?.(acked.length);
          }
        } catch {
          // Cut off by the kill: never acknowledged, so Feishu would retry it.
        }
      }),
    );
    return acked;
  }
  const processedMetric = async (port: number) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    let sum = 0;
    for (const m of text.matchAll(/^gatehouse_feishu_events_processed_total\{[^}]*\} (\d+)/gm))
      sum += Number(m[1]);
    return sum;
  };

  it('keeps every acknowledged event through a kill -9 and applies them all after a restart', async () => {
    // 1. A replica that only stores (its workers are off) is killed after answering.
    const a = await start({ CHILD_BACKGROUND: 'off' });
    const first = await deliver(
      a.ready.port,
      Array.from({ length: 60 }, (_, i) => eventFor(i)),
    );
    expect(first).toHaveLength(60);
    await a.kill9();
    const afterA = await withDb((rt) =>
      rt.db
        .selectFrom('events_inbox')
        .select(['event_id', 'processed_at'])
        .where('source_id', '=', source.sourceId)
        .execute(),
    );
    expect(afterA.map((r) => r.event_id).sort()).toEqual([...first].sort());
    expect(afterA.every((r) => r.processed_at === null)).toBe(true);

    // 2. A replica that stores and processes is killed in the middle of the work.
    const b = await start({ CHILD_BACKGROUND: 'on', CHILD_CLAIM_MS: '1500' });
    let killed: Promise<void> | undefined;
    const second = await deliver(
      b.ready.port,
      Array.from({ length: 140 }, (_, i) => eventFor(100 + i)),
      (n) => {
        if (n === 70) killed = b.kill9();
      },
    );
    await killed;
    await b.kill9();
    expect(second.length).toBeGreaterThanOrEqual(70);
    const acked = [...first, ...second];
    const pendingAfterB = await withDb(async (rt) =>
      Number(
        (
          await rt.db
            .selectFrom('events_inbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('source_id', '=', source.sourceId)
            .where('processed_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    expect(pendingAfterB).toBeGreaterThan(0);

    // 3. A restarted replica works everything off, claims of the dead one included.
    const c = await start({ CHILD_BACKGROUND: 'on' });
    const deadline = Date.now() + 45_000;
    while ((await processedMetric(c.ready.port)) < pendingAfterB) {
      if (Date.now() > deadline)
        throw new Error(`processed ${await processedMetric(c.ready.port)} of ${pendingAfterB}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await c.stop();

    await withDb(async (rt) => {
      const rows = await rt.db
        .selectFrom('events_inbox')
        .select(['event_id', 'status', 'processed_at'])
        .where('source_id', '=', source.sourceId)
        .execute();
      const byId = new Map(rows.map((r) => [r.event_id, r]));
      for (const id of acked) expect(byId.get(id)?.status, id).toBe('applied');
      expect(rows.every((r) => r.status === 'applied')).toBe(true);
      const departments = await rt.db
        .selectFrom('directory_departments')
        .select('open_department_id')
        .where('source_id', '=', source.sourceId)
        .where('status', '=', 'active')
        .execute();
      expect(departments).toHaveLength(rows.length);
    });
  }, 150_000);
});
