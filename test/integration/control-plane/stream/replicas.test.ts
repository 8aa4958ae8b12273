// Two control-plane replicas on one PostgreSQL, each with its own LISTEN connection: a session
// revoked through one replica reaches the client's stream held by the other, and a stream on a
// replica whose LISTEN connection dropped still gets what it missed once it reconnects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgNotifyBus } from '../../../../control-plane/stream/pg-notify-bus.ts';
import type { SessionEventBus } from '../../../../control-plane/stream/session-event-bus.ts';
import { API } from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  signInAs,
  startSignInHarness,
  type SignInHarness,
} from '../../../fixtures/signin-harness.ts';
import { notHeartbeat, openStream } from '../../../fixtures/sse-client.ts';
import pg from 'pg';

const postgres = engines.find((e) => e.name === 'postgres');

describe.runIf(postgres)('push stream across replicas (postgres)', () => {
  let database: TestDatabase;
  let busA: SessionEventBus;
  let busB: SessionEventBus;
  let a: SignInHarness;
  let b: SignInHarness;

  beforeAll(async () => {
    database = await postgres!.open();
    busA = await createPgNotifyBus({ url: database.url!, maxBackoffMs: 200 });
    busB = await createPgNotifyBus({ url: database.url!, maxBackoffMs: 200 });
    a = await startSignInHarness(database, { deps: { signIn: { sessionBus: busA } } });
    b = await startSignInHarness(database, {
      share: { sandbox: a.sandbox, sandboxUrl: a.sandboxUrl, secretBox: a.secretBox },
      deps: { signIn: { sessionBus: busB } },
      seedDirectory: false,
      publicUrl: a.baseUrl,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await busA?.close();
    await busB?.close();
    await database?.close();
  });

  it('delivers a revocation made on replica A to a stream held by replica B', async () => {
    const { tokens } = await signInAs(a, 'member');
    // B verifies A's token: the signing keys live in the shared database.
    const stream = await openStream(b.baseUrl, tokens.access_token);
    expect(stream.status).toBe(200);
    const started = Date.now();
    const res = await a.platform.post(
      `${API}/tenants/${a.tenant.id}/sessions/${tokens.session_id}/revoke`,
    );
    expect(res.statusCode).toBe(204);
    const revoked = await stream.next(notHeartbeat, 3000);
    expect(revoked.data).toMatchObject({ session_id: tokens.session_id, reason: 'admin' });
    expect(Date.now() - started).toBeLessThan(1000);
    await stream.ended;
  });

  it('catches up after its LISTEN connection was cut', async () => {
    const { tokens } = await signInAs(a, 'leader');
    const stream = await openStream(b.baseUrl, tokens.access_token);
    expect(stream.status).toBe(200);
    // Cut every LISTEN connection; the buses reconnect and ask the hubs to resync.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'gatehouse-listen' and datname = current_database()`,
    );
    await admin.end();
    await a.platform.post(`${API}/tenants/${a.tenant.id}/sessions/${tokens.session_id}/revoke`);
    const revoked = await stream.next(notHeartbeat, 5000);
    expect(revoked.data).toMatchObject({ session_id: tokens.session_id });
  });
});
