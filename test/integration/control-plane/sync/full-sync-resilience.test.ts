// A sync against a Feishu that limits, fails and drops: it completes with the same result as a
// clean one, or fails with nothing applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { directoryUsers, startSyncWorld } from './sync-fixture.ts';

async function sandboxPut(url: string, path: string, body: unknown, method = 'PUT') {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

describe.each(engines)('sync resilience on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open();
  });
  afterAll(async () => database?.close());

  it('completes under the platform rate limits with a low override, waiting out each 429', async () => {
    const w = await startSyncWorld(database.db, {
      sandbox: { org: 'tiny', rateLimits: true },
      sync: { pacing: undefined },
    });
    try {
      await sandboxPut(w.url, '/sandbox/rate-limits', {
        enabled: true,
        overrides: { 'GET /open-apis/contact/v3/users/find_by_department': { perSecond: 2 } },
      });
      const run = await w.sync();
      expect(run.status).toBe('succeeded');
      expect(run.counts).toMatchObject({ users: { created: w.liveUsers().length } });
      const depts = w.sb.world.tenants[0]!.departments;
      // Every department and the root, at 2/s: at least one 429 on the way.
      expect(run.api_calls).toBeGreaterThan(depts + 1 + 3);
      expect(run.duration_ms).toBeGreaterThanOrEqual(1000);
    } finally {
      await w.close();
    }
  });

  it('recovers from injected 5xx answers and dropped connections', async () => {
    const w = await startSyncWorld(database.db, { sandbox: { org: 'small' } });
    try {
      await sandboxPut(
        w.url,
        '/sandbox/faults',
        { path: '/open-apis/contact/v3/departments', kind: 'status', status: 503, times: 3 },
        'POST',
      );
      await sandboxPut(
        w.url,
        '/sandbox/faults',
        { path: '/open-apis/contact/v3/users/find_by_department', kind: 'drop', times: 4 },
        'POST',
      );
      await sandboxPut(
        w.url,
        '/sandbox/faults',
        {
          path: '/open-apis/contact/v3/users/find_by_department',
          kind: 'status',
          status: 500,
          times: 4,
        },
        'POST',
      );
      const run = await w.sync();
      expect(run.status).toBe('succeeded');
      expect(run.counts).toMatchObject({ users: { created: w.liveUsers().length } });
      expect((await directoryUsers(w.db, w.sourceId)).size).toBe(w.liveUsers().length);
    } finally {
      await w.close();
    }
  });

  it('fails with nothing applied when Feishu keeps failing', async () => {
    const w = await startSyncWorld(database.db, { sandbox: { org: 'tiny' } });
    try {
      expect((await w.sync()).status).toBe('succeeded');
      const before = [...(await directoryUsers(w.db, w.sourceId)).values()].map((u) =>
        u.updated_at.getTime(),
      );
      w.sb.ctx.store.resignUser(w.liveUsers()[0]!.key);
      await sandboxPut(
        w.url,
        '/sandbox/faults',
        { path: '/open-apis/contact/v3/users/find_by_department', kind: 'status', status: 502 },
        'POST',
      );
      const run = await w.sync();
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'FEISHU_UNAVAILABLE' });
      const after = [...(await directoryUsers(w.db, w.sourceId)).values()].map((u) =>
        u.updated_at.getTime(),
      );
      expect(after).toEqual(before);
    } finally {
      await w.close();
    }
  });
});
