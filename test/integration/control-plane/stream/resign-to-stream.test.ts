// The whole revocation path with nothing driven by hand: an employee resigns in the sandbox,
// Feishu's contact.user.deleted_v3 event reaches the control plane's event endpoint (signed and
// encrypted), the event processor disables the user in the directory, DirectorySignals
// revokes their sessions, and the client's push stream says session-revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  signInAs,
  startSignInHarness,
  type SignInHarness,
} from '../../../fixtures/signin-harness.ts';
import { notHeartbeat, openStream } from '../../../fixtures/sse-client.ts';

describe.each(engines)('resignation to push stream ($name)', (engine) => {
  let database: TestDatabase;
  let h: SignInHarness;

  beforeAll(async () => {
    database = await engine.open();
    h = await startSignInHarness(database);
    const res = await fetch(
      `${h.sandboxUrl}/sandbox/apps/${h.feishuApp.app_id}/event-subscription`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ request_url: `${h.baseUrl}/api/v1/feishu/events/${h.source.id}` }),
      },
    );
    expect(res.status, await res.text()).toBe(200);
    h.app.background.start();
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  it('revokes the session and tells the client, with nothing driven by hand', async () => {
    const { tokens } = await signInAs(h, 'leader');
    const stream = await openStream(h.baseUrl, tokens.access_token);
    expect(stream.status).toBe(200);
    const leader = h.sample('leader');
    const started = Date.now();
    const resign = await fetch(
      `${h.sandboxUrl}/sandbox/users/${encodeURIComponent(leader.email)}/resign`,
      { method: 'POST' },
    );
    expect(resign.status).toBe(200);
    const revoked = await stream.next(notHeartbeat, 10_000);
    const elapsed = Date.now() - started;
    expect(revoked).toMatchObject({
      event: 'session-revoked',
      data: {
        session_id: tokens.session_id,
        reason: 'user_disabled',
        error_code: 'SESSION_USER_DISABLED',
      },
    });
    expect(elapsed).toBeLessThan(5000);
    await stream.ended;
    const user = await database.db
      .selectFrom('directory_users')
      .select(['status', 'disabled_reason'])
      .where('id', '=', h.users.get(leader.union_id)!.id)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ status: 'disabled', disabled_reason: 'resigned' });
  });
});
