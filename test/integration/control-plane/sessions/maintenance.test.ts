// Housekeeping of sign-in rows: what has run its course goes (finished transactions a day after
// they expired, refresh tokens a day after, session events after a week, sessions a month after
// they were revoked or expired), everything still useful stays.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneSignInRows } from '../../../../control-plane/sessions/session-maintenance.ts';
import { json } from '../../../../control-plane/storage/schema.ts';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';

const DAY = 86_400_000;

describe.each(engines)('sign-in housekeeping ($name)', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let tenantId: string;
  let sourceId: string;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    const root = await loginPlatform(t.app);
    tenantId = (
      (await root.post(`${API}/tenants`, { name: 'Housekeeping' })).json() as { id: string }
    ).id;
    sourceId = (
      (await root.post(`${API}/tenants/${tenantId}/identity-sources`, sourceBody())).json() as {
        id: string;
      }
    ).id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('removes what ran its course and keeps the rest', async () => {
    const now = Date.now();
    const db = database.db;
    const at = (ago: number) => new Date(now - ago);
    const transaction = (id: string, expiresAgo: number) => ({
      id,
      tenant_id: tenantId,
      source_id: sourceId,
      redirect_uri: 'http://127.0.0.1:1/callback',
      code_challenge: 'c'.repeat(43),
      client_state: 's'.repeat(20),
      device_id: 'device-1',
      device_name: 'd',
      device_os: 'o',
      app_version: '1',
      ip: null,
      user_agent: null,
      status: 'failed' as const,
      user_id: null,
      handoff_hash: null,
      handoff_expires_at: null,
      error_code: null,
      created_at: at(expiresAgo + 600_000),
      expires_at: at(expiresAgo),
      finished_at: null,
    });
    const [oldTxn, newTxn] = [randomUUID(), randomUUID()];
    await db
      .insertInto('login_transactions')
      .values([transaction(oldTxn, 2 * DAY), transaction(newTxn, 60_000)])
      .execute();
    const session = (id: string, revokedAgo: number | null) => ({
      id,
      tenant_id: tenantId,
      source_id: sourceId,
      user_id: randomUUID(),
      device_id: 'device-1',
      device_name: 'd',
      device_os: 'o',
      app_version: '1',
      ip: null,
      user_agent: null,
      created_at: at(40 * DAY),
      last_seen_at: at(40 * DAY),
      expires_at: new Date(now + DAY),
      revoked_at: revokedAgo === null ? null : at(revokedAgo),
      revoked_reason: revokedAgo === null ? null : 'logout',
      revoked_by: null,
    });
    const [oldSession, liveSession] = [randomUUID(), randomUUID()];
    await db
      .insertInto('client_sessions')
      .values([session(oldSession, 31 * DAY), session(liveSession, null)])
      .execute();
    const token = (hash: string, expiresAgo: number) => ({
      token_hash: hash,
      session_id: liveSession,
      created_at: at(expiresAgo + DAY),
      expires_at: at(expiresAgo),
      rotated_at: null,
      rotated_device_id: null,
      child_hash: null,
      issued_claims: json({}),
      issued_kid: 'k',
    });
    await db
      .insertInto('refresh_tokens')
      .values([token('old', 2 * DAY), token('new', -DAY)])
      .execute();
    await db
      .insertInto('session_events')
      .values([
        {
          session_id: liveSession,
          type: 'entitlements-changed',
          payload: json({}),
          created_at: at(8 * DAY),
        },
        {
          session_id: liveSession,
          type: 'entitlements-changed',
          payload: json({}),
          created_at: at(DAY),
        },
      ])
      .execute();

    await pruneSignInRows(db, { now: () => new Date(now) });

    const ids = async (table: 'login_transactions' | 'client_sessions') =>
      (await db.selectFrom(table).select('id').execute()).map((r) => r.id).sort();
    expect(await ids('login_transactions')).toEqual([newTxn]);
    expect(await ids('client_sessions')).toEqual([liveSession]);
    expect(
      (await db.selectFrom('refresh_tokens').select('token_hash').execute()).map(
        (r) => r.token_hash,
      ),
    ).toEqual(['new']);
    const events = await db.selectFrom('session_events').select('created_at').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.created_at.getTime()).toBe(now - DAY);
  });
});
