// Ending sessions: by an admin (one, or all of a user's; audited; tenant-isolated), by the
// directory's signals (user disabled -> revoked; attributes changed -> entitlement version
// bumped), by closing the source or suspending the tenant.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { API, tenantWithAdmin } from '../../../fixtures/control-plane-app.ts';
import { engines } from '../../../fixtures/db.ts';
import { refresh } from '../../../fixtures/signin-client.ts';
import { signInAs } from '../../../fixtures/signin-harness.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';

describe.each(engines)('session revocation ($name)', (engine) => {
  const h = useSignInHarness(engine);

  const userId = (role: string) => h.users.get(h.sample(role).union_id)!.id;
  const context = () => ({ tenantId: h.tenant.id, sourceId: h.source.id, directoryVersion: 1 });
  const sessionsUrl = () => `${API}/tenants/${h.tenant.id}/sessions`;
  type Page = {
    items: {
      id: string;
      user_id: string;
      status: string;
      device: { id: string };
      revoked_reason: string | null;
    }[];
    total: number;
  };

  it('lists sessions per tenant and per user with device, IP and times', async () => {
    const a = await signInAs(h, 'member');
    const b = await signInAs(h, 'leader');
    const all = (await h.platform.get(`${sessionsUrl()}?status=all`)).json() as Page;
    expect(all.items.map((s) => s.id)).toEqual(
      expect.arrayContaining([a.tokens.session_id, b.tokens.session_id]),
    );
    const mine = (
      await h.platform.get(`${sessionsUrl()}?user_id=${userId('member')}`)
    ).json() as Page;
    expect(mine.items.every((s) => s.user_id === userId('member'))).toBe(true);
    const one = mine.items.find((s) => s.id === a.tokens.session_id)!;
    expect(one).toMatchObject({
      status: 'active',
      device: { id: a.device.id },
      ip: '127.0.0.1',
      revoked_reason: null,
    });
  });

  it('revokes one session (audited), and another tenant’s admin cannot see or touch it', async () => {
    const { tokens, device } = await signInAs(h, 'member');
    const outsider = await tenantWithAdmin(h.app, h.platform);
    const foreign = await outsider.session.post(
      `${API}/tenants/${h.tenant.id}/sessions/${tokens.session_id}/revoke`,
    );
    expect(foreign.statusCode).toBe(404);
    expect((await outsider.session.get(sessionsUrl())).statusCode).toBe(404);

    const res = await h.platform.post(`${sessionsUrl()}/${tokens.session_id}/revoke`);
    expect(res.statusCode).toBe(204);
    const r = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(r.json.error?.code).toBe('SESSION_REVOKED_BY_ADMIN');
    const audit = await h.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label', 'tenant_id'])
      .where('target_id', '=', tokens.session_id)
      .execute();
    expect(audit).toEqual([
      { action: 'client_session.revoke', actor_label: 'root@example.com', tenant_id: h.tenant.id },
    ]);
    const unknown = await h.platform.post(
      `${sessionsUrl()}/00000000-0000-4000-8000-000000000000/revoke`,
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('revokes every session of a user', async () => {
    const a = await signInAs(h, 'leader');
    const b = await signInAs(h, 'leader');
    const res = await h.platform.post(`${sessionsUrl()}/revoke-user`, {
      user_id: userId('leader'),
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);
    for (const s of [a, b]) {
      const r = await refresh(h.baseUrl, s.tokens.refresh_token, s.device.id);
      expect(r.json.error?.code).toBe('SESSION_REVOKED_BY_ADMIN');
    }
  });

  it('revokes a user’s sessions when the directory disables them', async () => {
    const { tokens, device } = await signInAs(h, 'ceo');
    await h.app.directorySignals.onUserDisabled(userId('ceo'), 'resigned', context());
    const r = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(r.status).toBe(401);
    expect(r.json.error?.code).toBe('SESSION_USER_DISABLED');
    const row = await h.database.db
      .selectFrom('client_sessions')
      .select(['revoked_reason', 'revoked_by'])
      .where('id', '=', tokens.session_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ revoked_reason: 'user_disabled', revoked_by: 'directory' });
  });

  it('refuses a session whose user the directory disabled even before the signal arrives', async () => {
    const { tokens } = await signInAs(h, 'member');
    await h.database.db
      .updateTable('directory_users')
      .set({ status: 'disabled', disabled_reason: 'frozen' })
      .where('id', '=', userId('member'))
      .execute();
    try {
      const res = await fetch(`${h.baseUrl}/api/v1/session`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'SESSION_USER_DISABLED',
      );
    } finally {
      await h.database.db
        .updateTable('directory_users')
        .set({ status: 'active', disabled_reason: null })
        .where('id', '=', userId('member'))
        .execute();
    }
  });

  it('bumps the entitlement version when departments or attributes change', async () => {
    const { tokens, device } = await signInAs(h, 'leader');
    expect(tokens.entitlement_version).toBe(0);
    await h.app.directorySignals.onUserAttributesChanged(userId('leader'), context());
    await h.app.directorySignals.onUserAttributesChanged(userId('leader'), context());
    const r = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(r.json.entitlement_version).toBe(2);
    expect(decodeJwt(r.json.access_token).ev).toBe(2);
    const stored = await h.database.db
      .selectFrom('user_entitlements')
      .select('version')
      .where('user_id', '=', userId('leader'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.version)).toBe(2);
  });

  it('ends every session of a closed source and of a suspended tenant', async () => {
    const a = await signInAs(h, 'leader');
    const closed = await h.platform.post(
      `${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}/close`,
      { confirm: true },
    );
    expect(closed.statusCode).toBe(200);
    expect((await refresh(h.baseUrl, a.tokens.refresh_token, a.device.id)).json.error?.code).toBe(
      'SESSION_SOURCE_CLOSED',
    );
    await h.platform.post(`${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}/enable`);

    const b = await signInAs(h, 'leader');
    await h.platform.patch(`${API}/tenants/${h.tenant.id}`, { status: 'suspended' });
    expect((await refresh(h.baseUrl, b.tokens.refresh_token, b.device.id)).json.error?.code).toBe(
      'SESSION_TENANT_SUSPENDED',
    );
    await h.platform.patch(`${API}/tenants/${h.tenant.id}`, { status: 'active' });
    const revoked = (
      await h.platform.get(`${sessionsUrl()}?status=revoked&page_size=200`)
    ).json() as Page;
    const reasons = Object.fromEntries(revoked.items.map((s) => [s.id, s.revoked_reason]));
    expect(reasons[a.tokens.session_id]).toBe('source_closed');
    expect(reasons[b.tokens.session_id]).toBe('tenant_suspended');
  });
});
