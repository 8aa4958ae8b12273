// From an employee's resignation to their client's push stream saying session-revoked, with
// nothing driven by hand: the sandbox offboards the user and pushes contact.user.deleted_v3
// (signed and encrypted) to the control plane's event endpoint, the event processor disables
// the user in the directory, DirectorySignals revokes the sessions and the stream is told.
// Sequential resignations of different users, each with an open stream. In one process (sandbox,
// control plane, clients) on loopback.
// Args: [pglite|postgres, default pglite] [resignations, default 60]
import { testDevice } from '../test/fixtures/signin-client.ts';
import { startSignInHarness } from '../test/fixtures/signin-harness.ts';
import { notHeartbeat, openStream } from '../test/fixtures/sse-client.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { percentile } from './lib/stats.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

const bench: Bench = {
  name: 'signin-resign',
  description: 'Resignation in the sandbox -> event -> directory -> session revoked -> push stream',
  async run(args) {
    const engine = args[0] ?? 'pglite';
    const count = Number(args[1] ?? 60);
    const db = await openBenchDatabase(engine);
    const h = await startSignInHarness(db, { org: 'small', logLevel: 'warn' });
    try {
      const sub = await fetch(
        `${h.sandboxUrl}/sandbox/apps/${h.feishuApp.app_id}/event-subscription`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ request_url: `${h.baseUrl}/api/v1/feishu/events/${h.source.id}` }),
        },
      );
      if (sub.status !== 200) throw new Error(`subscription: ${await sub.text()}`);
      // Many resignations in a few minutes would trip the event burst brake (deletion
      // protection, 30 users by default), which holds them for an admin: not what is measured.
      const raised = await h.platform.patch(
        `/api/v1/admin/tenants/${h.tenant.id}/identity-sources/${h.source.id}`,
        {
          deletion_thresholds: {
            users: { value: 100_000, unit: 'count' },
            departments: { value: 100_000, unit: 'count' },
          },
        },
      );
      if (raised.statusCode !== 200) throw new Error(`thresholds: ${raised.body}`);
      h.app.background.start();
      const active = [...h.users.values()].filter(
        (u) => !u.user.status.is_frozen && !u.user.status.is_resigned && !u.user.isTenantManager,
      );
      const key = await h.app.services.signIn.sessions.signingKey();
      const delays: number[] = [];
      let missed = 0;
      const deadline = performance.now() + 180_000;
      for (const u of active.slice(0, count)) {
        if (performance.now() > deadline) break;
        const issued = await db.db.transaction().execute((trx) =>
          h.app.services.signIn.sessions.createIn(
            trx,
            {
              tenantId: h.tenant.id,
              sourceId: h.source.id,
              userId: u.id,
              device: testDevice(),
              ip: '127.0.0.1',
              userAgent: 'bench',
            },
            key,
          ),
        );
        const stream = await openStream(h.baseUrl, issued.accessToken);
        const t0 = performance.now();
        const res = await fetch(`${h.sandboxUrl}/sandbox/users/${u.user.unionId}/resign`, {
          method: 'POST',
        });
        if (res.status !== 200) throw new Error(`resign: ${await res.text()}`);
        try {
          await stream.next((e) => notHeartbeat(e) && e.event === 'session-revoked', 10_000);
          delays.push(performance.now() - t0);
        } catch {
          missed++;
        }
        stream.close();
      }
      delays.sort((a, b) => a - b);
      const n = delays.length;
      const figures: Figure[] = [
        { metric: `${engine}_resign_to_stream_p50`, value: percentile(delays, 50), unit: 'ms', n },
        { metric: `${engine}_resign_to_stream_p99`, value: percentile(delays, 99), unit: 'ms', n },
        {
          metric: `${engine}_resign_to_stream_max`,
          value: delays.at(-1) ?? Number.NaN,
          unit: 'ms',
          n,
        },
        { metric: `${engine}_missed`, value: missed, unit: 'count', n: n + missed },
      ];
      return figures;
    } finally {
      await h.close();
      await db.close();
    }
  },
};
export default bench;
