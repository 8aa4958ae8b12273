// A signed-in client core against the real control plane: revocation arriving on the push
// stream, a refused sign-in with the control plane's code and fix, the control plane going
// down and coming back (offline state, stream reconnect), and the 401 path.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { startSignInHarness, type SignInHarness } from '../../fixtures/signin-harness.ts';
import { createTestClient, waitFor, type TestClient } from './support.ts';
import { startTcpRelay } from './tcp-relay.ts';

const pglite = engines[0]!;

describe('client core session lifecycle', () => {
  let database: TestDatabase;
  let h: SignInHarness;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await pglite.open();
    h = await startSignInHarness(database, { org: 'small' });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.core.dispose();
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  const signedIn = async (options: Parameters<typeof createTestClient>[1] = {}) => {
    const c = createTestClient(h, options);
    clients.push(c);
    await c.core.enroll(h.tenant.verification_id);
    await c.core.startSignIn('browser');
    await waitFor(c.core, (x) => x.sign_in.phase === 'signed_in');
    await waitFor(c.core, (x) => x.connection.status === 'online');
    return c;
  };

  const sessionIdOf = async (c: TestClient) => {
    const token = await c.core.session.tokens.accessToken();
    const res = await fetch(`${h.baseUrl}/api/v1/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await res.json()) as { session_id: string }).session_id;
  };

  it('shows a revocation from the admin at once, with its code, and empties the keychain', async () => {
    const c = await signedIn();
    const sessionId = await sessionIdOf(c);
    const r = await h.platform.post(
      `${API}/tenants/${h.tenant.id}/sessions/${sessionId}/revoke`,
      {},
    );
    expect(r.statusCode).toBeLessThan(300);
    const s = await waitFor(c.core, (x) => x.sign_in.phase === 'revoked', 5_000);
    expect(s.connection.status).toBe('revoked');
    expect(s.sign_in.error?.code).toBe('SESSION_REVOKED_BY_ADMIN');
    expect(s.profile).toBeNull();
    expect(
      await c.secrets.get({
        controlPlaneUrl: h.baseUrl,
        enterpriseId: h.tenant.verification_id,
        name: 'refresh-token',
      }),
    ).toBeUndefined();
    expect(c.core.dismissError().sign_in.phase).toBe('idle');
  });

  it('shows a refused sign-in (user resigned in the directory) with the control plane code and fix', async () => {
    const leader = h.sample('leader');
    const copied = h.users.get(leader.union_id)!;
    const setUser = (patch: Record<string, unknown>) =>
      database.db.updateTable('directory_users').set(patch).where('id', '=', copied.id).execute();
    await setUser({ status: 'disabled', disabled_reason: 'resigned' });
    try {
      const c = createTestClient(h, { role: 'leader' });
      clients.push(c);
      await c.core.enroll(h.tenant.verification_id);
      await c.core.startSignIn('browser');
      const s = await waitFor(c.core, (x) => x.sign_in.phase === 'error');
      expect(s.sign_in.error?.code).toBe('SIGNIN_USER_RESIGNED');
      expect(s.sign_in.error?.message.length).toBeGreaterThan(0);
      c.core.setLanguage('zh-CN');
      expect(c.core.snapshot().sign_in.error?.message).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      await setUser({ status: 'active', disabled_reason: null });
    }
  });

  it('goes offline when the control plane is unreachable and back online when it returns', async () => {
    const relay = await startTcpRelay(Number(new URL(h.baseUrl).port));
    try {
      const c = createTestClient(h);
      clients.push(c);
      c.core.settings.update({ controlPlaneUrl: relay.url });
      await c.core.enroll(h.tenant.verification_id);
      await c.core.startSignIn('browser');
      await waitFor(c.core, (x) => x.connection.status === 'online');
      await waitFor(c.core, (x) => x.entitlements.status === 'fresh');
      await relay.down();
      const off = await waitFor(c.core, (x) => x.connection.status === 'offline');
      expect(off.sign_in.phase).toBe('signed_in');
      expect(off.profile).not.toBeNull();
      // Offline, the cached list keeps deciding in the local proxy until it expires.
      expect(off.entitlements.status).toBe('cached');
      expect(off.proxy.mode).toBe('entitlements');
      await relay.up();
      await waitFor(c.core, (x) => x.connection.status === 'online', 10_000);
    } finally {
      await relay.close();
    }
  });

  it('a 401 gets one refresh and a retry; when the session is gone the state is signed out', async () => {
    const c = await signedIn();
    const api = (await import('../../../main/core/control-plane-api.ts')).createControlPlaneApi;
    expect(api).toBeTypeOf('function');
    let calls = 0;
    // An access token the server no longer accepts: the first call 401s, the refresh mends it.
    const good = await c.core.session.tokens.accessToken();
    const result = await c.core.session.tokens.authorized(async (token) => {
      calls++;
      const res = await fetch(`${h.baseUrl}/api/v1/session`, {
        headers: { authorization: `Bearer ${calls === 1 ? `${good}x` : token}` },
      });
      if (res.status === 401) {
        const { ControlPlaneHttpError } =
          await import('../../../main/core/control-plane-http-errors.ts');
        throw new ControlPlaneHttpError('CP_HTTP', { status: 401, params: { status: 401 } });
      }
      return res.status;
    });
    expect(result).toBe(200);
    expect(calls).toBe(2);
    // The server ends the session: the stream event or the next refresh (whichever is first) signs out.
    const sessionId = await sessionIdOf(c);
    await h.platform.post(`${API}/tenants/${h.tenant.id}/sessions/${sessionId}/revoke`, {});
    await waitFor(c.core, (x) => x.sign_in.phase !== 'signed_in', 5_000);
    expect(c.core.session.tokens.signedIn).toBe(false);
  });
});
