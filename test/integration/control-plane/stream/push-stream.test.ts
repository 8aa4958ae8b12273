// The push stream: events as they happen (revoked, entitlements changed, source closed), the
// stream ending after a revocation, heartbeats, resuming with Last-Event-ID so a revocation
// that happened while the client was away is never lost, and the sweep that announces a
// revocation no signal brought.
import { describe, expect, it } from 'vitest';
import { API } from '../../../fixtures/control-plane-app.ts';
import { engines } from '../../../fixtures/db.ts';
import { signInAs } from '../../../fixtures/signin-harness.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';
import { notHeartbeat, openStream } from '../../../fixtures/sse-client.ts';

describe.each(engines)('push stream ($name)', (engine) => {
  const h = useSignInHarness(engine, { signIn: { streamHeartbeatSeconds: 1 } });

  const userId = (role: string) => h.users.get(h.sample(role).union_id)!.id;
  const context = () => ({ tenantId: h.tenant.id, sourceId: h.source.id, directoryVersion: 1 });
  const revoke = (sessionId: string) =>
    h.platform.post(`${API}/tenants/${h.tenant.id}/sessions/${sessionId}/revoke`);

  it('needs a valid access token', async () => {
    const res = await fetch(`${h.baseUrl}/api/v1/session/stream`);
    expect(res.status).toBe(401);
    const bad = await openStream(h.baseUrl, 'nonsense');
    expect(bad.status).toBe(401);
  });

  it('sends heartbeats and entitlement changes, then the revocation, then ends', async () => {
    const { tokens } = await signInAs(h, 'member');
    const stream = await openStream(h.baseUrl, tokens.access_token);
    expect(stream.status).toBe(200);
    const beat = await stream.next((e) => e.event === 'heartbeat', 3000);
    expect(beat.id).toBeUndefined();

    await h.app.directorySignals.onUserAttributesChanged(userId('member'), context());
    const changed = await stream.next(notHeartbeat);
    expect(changed).toMatchObject({
      event: 'entitlements-changed',
      data: { type: 'entitlements-changed', session_id: tokens.session_id, entitlement_version: 1 },
    });
    expect(Number(changed.id)).toBeGreaterThan(0);

    await revoke(tokens.session_id);
    const revoked = await stream.next(notHeartbeat);
    expect(revoked).toMatchObject({
      event: 'session-revoked',
      data: {
        session_id: tokens.session_id,
        reason: 'admin',
        error_code: 'SESSION_REVOKED_BY_ADMIN',
      },
    });
    expect(Number(revoked.id)).toBeGreaterThan(Number(changed.id));
    await stream.ended;
  });

  it('resumes with Last-Event-ID: a revocation made while away is delivered on return', async () => {
    const { tokens } = await signInAs(h, 'leader');
    const first = await openStream(h.baseUrl, tokens.access_token);
    await h.app.directorySignals.onUserAttributesChanged(userId('leader'), context());
    const seen = await first.next(notHeartbeat);
    first.close();

    await h.app.directorySignals.onUserAttributesChanged(userId('leader'), context());
    await h.app.directorySignals.onUserDisabled(userId('leader'), 'frozen', context());

    const back = await openStream(h.baseUrl, tokens.access_token, seen.id);
    expect(back.status).toBe(200);
    const missed = await back.next(notHeartbeat);
    expect(missed).toMatchObject({
      event: 'entitlements-changed',
      data: { entitlement_version: 2 },
    });
    const revoked = await back.next(notHeartbeat);
    expect(revoked).toMatchObject({ event: 'session-revoked', data: { reason: 'user_disabled' } });
    await back.ended;

    // Without Last-Event-ID, a revoked session still learns why once more.
    const fresh = await openStream(h.baseUrl, tokens.access_token);
    const again = await fresh.next((e) => e.event === 'session-revoked');
    expect(again.data).toMatchObject({ error_code: 'SESSION_USER_DISABLED' });
    await fresh.ended;
  });

  it('says source-closed, then session-revoked, when the source is closed', async () => {
    const { tokens } = await signInAs(h, 'ceo');
    const stream = await openStream(h.baseUrl, tokens.access_token);
    await h.platform.post(`${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}/close`, {
      confirm: true,
    });
    const closed = await stream.next(notHeartbeat);
    expect(closed).toMatchObject({
      event: 'source-closed',
      data: { source_id: h.source.id, session_id: tokens.session_id },
    });
    const revoked = await stream.next(notHeartbeat);
    expect(revoked.data).toMatchObject({
      reason: 'source_closed',
      error_code: 'SESSION_SOURCE_CLOSED',
    });
    await stream.ended;
    await h.platform.post(`${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}/enable`);
  });

  it('announces a revocation no signal brought when it sweeps open streams', async () => {
    const { tokens } = await signInAs(h, 'member');
    const stream = await openStream(h.baseUrl, tokens.access_token);
    await stream.next((e) => e.event === 'heartbeat', 3000);
    await h.database.db
      .updateTable('directory_users')
      .set({ status: 'disabled', disabled_reason: 'resigned' })
      .where('id', '=', userId('member'))
      .execute();
    try {
      await h.app.streams.sweep();
      const revoked = await stream.next(notHeartbeat);
      expect(revoked.data).toMatchObject({
        reason: 'user_disabled',
        session_id: tokens.session_id,
      });
      await stream.ended;
    } finally {
      await h.database.db
        .updateTable('directory_users')
        .set({ status: 'active', disabled_reason: null })
        .where('id', '=', userId('member'))
        .execute();
    }
  });

  it('ends open streams when the app closes', async () => {
    const { tokens } = await signInAs(h, 'ceo');
    const stream = await openStream(h.baseUrl, tokens.access_token);
    await stream.next((e) => e.event === 'heartbeat', 3000);
    expect(h.app.streams.size()).toBeGreaterThan(0);
    await h.app.streams.close();
    await stream.ended;
    expect(h.app.streams.size()).toBe(0);
  });
});
