// Issue 6 end to end: a member of department A, signed in with the real client core, reaches
// local app A through the client's proxy and is refused app B (a page naming the policy; a
// CONNECT gets 403). The sandbox moves them to department B: Feishu's event reaches the control
// plane, the entitlements change, the push stream tells the client, and within a second A is
// refused and B allowed. Resignation then refuses everything. Nothing is driven by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemProxySetter } from '../../../main/core/system-proxy/system-proxy.ts';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { waitFor } from '../client-core/support.ts';
import {
  CATCH_ALL_POLICY,
  POLICY_B,
  pollUntil,
  startOrgEnforcement,
  type OrgEnforcement,
} from './support/org-enforcement.ts';

/** The goal: an org change is enforced in the client's proxy within a second. */
const ORG_CHANGE_BOUND_MS = 1000;

describe.each(engines)('org change to the client proxy ($name)', (engine) => {
  let database: TestDatabase;
  let w: OrgEnforcement;
  // The OS setting cannot be changed here: a recording setter stands in for it (the commands
  // themselves are unit-tested in test/unit/client-core/system-proxy.test.ts).
  const os: string[] = [];
  const systemProxy: SystemProxySetter = {
    read: async () => ({ kind: 'windows', autoConfigUrl: null }),
    apply: async (url) => void os.push(`apply ${url}`),
    restore: async () => void os.push('restore'),
  };

  beforeAll(async () => {
    database = await engine.open();
    w = await startOrgEnforcement(database, { overrides: { systemProxy } });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    await database?.close();
  });

  // A request in flight when the decision flips is cut by the proxy (it re-checks open
  // exchanges): that counts as "not yet", the next poll asks again.
  const statusOf = async (app: 'A' | 'B') => (await w.get(app).catch(() => ({ status: 0 }))).status;

  it('lets department A reach app A and refuses app B with the policy named', async () => {
    const a = await w.get('A');
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ app: 'A', url: '/' });

    const b = await w.get('B');
    expect(b.status).toBe(403);
    expect(b.body).toContain(CATCH_ALL_POLICY);
    expect(w.appB.requests).toHaveLength(0);

    const tunnelA = await w.connect('A');
    expect(tunnelA.status).toBe(200);
    const tunnelB = await w.connect('B');
    expect(tunnelB.status).toBe(403);
    expect(tunnelB.head.toLowerCase()).toContain(
      `x-gatehouse-policy: ${encodeURIComponent(CATCH_ALL_POLICY).toLowerCase()}`,
    );

    // "Why denied" over the IPC view: destination, application, policy, reason.
    const denied = w.client.core.recentDenied(10);
    expect(denied[0]).toMatchObject({
      host: '127.0.0.1',
      port: w.appB.port,
      app_name: null,
      policy_name: CATCH_ALL_POLICY,
      reason_code: 'matched_deny',
    });
  });

  it('points the system proxy at the PAC once signed in, and again when the map changes', async () => {
    const pac = `http://127.0.0.1:${w.proxyPort}/proxy.pac`;
    await expect.poll(() => os, { timeout: 5_000 }).toContain(`apply ${pac}`);
    expect(w.client.core.snapshot().proxy).toMatchObject({
      system_proxy: 'applied',
      pac_url: pac,
    });
    const applied = os.length;
    const version = w.client.core.snapshot().proxy.pac_version;
    // A new application changes the destination map: browsers must load the PAC again.
    await w.addApplication('App C', 'c.corp.test');
    await expect
      .poll(() => w.client.core.snapshot().proxy.pac_version, { timeout: 5_000 })
      .not.toBe(version);
    await expect.poll(() => os.length, { timeout: 5_000 }).toBe(applied + 1);
    expect(os.at(-1)).toBe(`apply ${pac}`);
    expect(os).not.toContain('restore');
  });

  it('follows a move to department B within a second: A refused, B allowed', async () => {
    const t0 = performance.now();
    await w.moveTo(w.deptB);
    const elapsed = await pollUntil(
      t0,
      ORG_CHANGE_BOUND_MS,
      async () => (await statusOf('A')) === 403 && (await statusOf('B')) === 200,
      () => JSON.stringify(w.client.core.snapshot().entitlements.applications.map((a) => a.name)),
    );
    expect(elapsed).toBeLessThan(ORG_CHANGE_BOUND_MS);
    expect((await w.connect('B')).status).toBe(200);
    expect((await w.connect('A')).status).toBe(403);
    // App A's name is remembered from the earlier list, so the page names it too.
    const a = await w.get('A');
    expect(a.body).toContain('App A');
    expect(w.client.core.snapshot().entitlements.applications.map((x) => x.name)).toEqual([
      'App B',
    ]);
    expect(w.client.core.recentDenied(1)[0]?.policy_name).not.toBe(POLICY_B);
  });

  it('refuses everything once the member resigns', async () => {
    await w.resign();
    await waitFor(w.client.core, (s) => s.sign_in.phase === 'revoked', 5_000);
    const s = w.client.core.snapshot();
    expect(s.proxy).toMatchObject({ status: 'running', mode: 'deny_all' });
    const [a, b] = [await w.get('A'), await w.get('B')];
    expect([a.status, b.status]).toEqual([403, 403]);
    expect(b.body).toContain('Sign in to Gatehouse');
    expect((await w.connect('A')).status).toBe(403);
    expect((await w.connect('B')).status).toBe(403);
    expect(w.client.core.recentDenied(1)[0]?.reason_code).toBe('signed_out');
    // Revoked is not signed out: the setting stays, so browsers keep being refused. Quitting
    // puts the person's own setting back.
    expect(os).not.toContain('restore');
    await w.client.core.dispose();
    expect(os.at(-1)).toBe('restore');
  });
});
