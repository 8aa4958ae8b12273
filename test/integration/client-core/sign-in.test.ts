// The client core against the real control plane and the sandbox: enrollment and its errors,
// the system-browser sign-in through the real loopback listener, the QR path, tokens in the
// secret store, refresh, sign-out, memory-only mode and a managed enterprise ID.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { startSignInHarness, type SignInHarness } from '../../fixtures/signin-harness.ts';
import { InMemorySecretStore, secretAccount } from '../../../main/core/secret-store.ts';
import { BROWSER_ACCEPT, FormBrowser } from '../../fixtures/signin-client.ts';
import { createTestClient, followToLoopback, waitFor, type TestClient } from './support.ts';

const pglite = engines[0]!;

describe('client core sign-in against the control plane and sandbox', () => {
  let database: TestDatabase;
  let h: SignInHarness;
  const clients: TestClient[] = [];
  const client = (
    ...args: Parameters<typeof createTestClient> extends [unknown, ...infer R] ? R : never
  ) => {
    const c = createTestClient(h, ...args);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    database = await pglite.open();
    h = await startSignInHarness(database);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.core.dispose();
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  it('enrolls with a typed ID (case and dashes forgiven) and lists the sources', async () => {
    const { core, store } = client();
    const typed = h.tenant.verification_id
      .toUpperCase()
      .replace(/(.{4})/g, '$1-')
      .slice(0, -1);
    const s = await core.enroll(typed);
    expect(s.enrollment.status).toBe('enrolled');
    expect(s.enrollment.enterprise_id).toBe(h.tenant.verification_id);
    expect(s.enrollment.tenant_name).toBe(h.tenant.name);
    expect(s.enrollment.sources.map((x) => x.id)).toEqual([h.source.id]);
    expect(s.enrollment.selected_source_id).toBe(h.source.id);
    expect(store.get('settings.enterpriseId')).toBe(h.tenant.verification_id);
  });

  it('refuses a malformed ID before asking the server, and an unknown one with the server code', async () => {
    const { core } = client();
    await expect(core.enroll('hello')).rejects.toMatchObject({ code: 'ENROLL_INVALID_ID' });
    const unknown = 'zzzzzzzzzzzz';
    await expect(core.enroll(unknown)).rejects.toMatchObject({ status: 404 });
    const s = core.snapshot();
    expect(s.enrollment.status).toBe('error');
    expect(s.enrollment.error?.code).toMatch(/^SIGNIN_|TENANT_|DISCOVERY/);
    expect(s.enrollment.error?.message.length).toBeGreaterThan(0);
  });

  it('says the control plane is unreachable when it is down', async () => {
    const { core } = client();
    core.settings.update({ controlPlaneUrl: 'http://127.0.0.1:9' });
    await expect(core.enroll(h.tenant.verification_id)).rejects.toMatchObject({
      code: 'CP_UNREACHABLE',
    });
    expect(core.snapshot().enrollment.error).toMatchObject({ code: 'CP_UNREACHABLE' });
    expect(core.snapshot().enrollment.error?.fix).toBeTruthy();
  });

  it('signs in through the system browser and the loopback listener, keeping only the refresh token in the secret store', async () => {
    const c = client();
    await c.core.enroll(h.tenant.verification_id);
    const url = await c.core.startSignIn('browser');
    expect(url).toMatch(/\/authorize$/);
    expect(c.core.snapshot().sign_in.phase).toBe('waiting_browser');
    const s = await waitFor(c.core, (x) => x.sign_in.phase === 'signed_in');
    expect(await c.lastDelivery).toBe(200);
    const member = h.sample('member');
    expect(s.profile?.name).toBe(member.name);
    expect(s.profile?.departments.length).toBeGreaterThan(0);
    expect(s.keychain.available).toBe(true);
    const stored = await c.secrets.get({
      controlPlaneUrl: h.baseUrl,
      enterpriseId: h.tenant.verification_id,
      name: 'refresh-token',
    });
    expect(stored).toMatch(/.{16,}/);
    // Nothing secret in the snapshot or the settings store.
    expect(JSON.stringify(s)).not.toContain(stored!);
    expect(JSON.stringify(c.store)).not.toContain(stored!);
    await waitFor(c.core, (x) => x.connection.status === 'online');
  });

  it('refreshes tokens (single flight) and signs out, ending the server session and emptying the store', async () => {
    const c = client();
    await c.core.enroll(h.tenant.verification_id);
    await c.core.startSignIn('browser');
    await waitFor(c.core, (x) => x.sign_in.phase === 'signed_in');
    const ref = {
      controlPlaneUrl: h.baseUrl,
      enterpriseId: h.tenant.verification_id,
      name: 'refresh-token' as const,
    };
    const first = await c.secrets.get(ref);
    const [a, b] = await Promise.all([
      c.core.session.tokens.refresh(),
      c.core.session.tokens.refresh(),
    ]);
    expect(a).toBe(b);
    const second = await c.secrets.get(ref);
    expect(second).not.toBe(first);
    const token = await c.core.session.tokens.accessToken();
    const s = await c.core.signOut();
    expect(s.sign_in.phase).toBe('signed_out');
    expect(s.profile).toBeNull();
    expect(await c.secrets.get(ref)).toBeUndefined();
    const res = await fetch(`${h.baseUrl}/api/v1/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
  });

  it('restores a session from the secret store at start, as a new app run would', async () => {
    const first = client();
    await first.core.enroll(h.tenant.verification_id);
    await first.core.startSignIn('browser');
    await waitFor(first.core, (x) => x.sign_in.phase === 'signed_in');
    await first.core.dispose();
    const again = client({ store: first.store, secrets: first.secrets });
    await again.core.start();
    const s = await waitFor(again.core, (x) => x.sign_in.phase === 'signed_in');
    expect(s.profile?.name).toBe(h.sample('member').name);
  });

  it('without a keychain keeps the session in memory only and says so', async () => {
    const c = client({ persistent: false });
    expect(c.core.snapshot().keychain).toMatchObject({
      available: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE' },
    });
    await c.core.enroll(h.tenant.verification_id);
    await c.core.startSignIn('browser');
    await waitFor(c.core, (x) => x.sign_in.phase === 'signed_in');
    expect(c.secrets).toBeInstanceOf(InMemorySecretStore);
    expect(c.secrets.persistent).toBe(false);
  });

  it('a second attempt replaces the first; cancel returns to idle', async () => {
    const c = client({ manualBrowser: true });
    await c.core.enroll(h.tenant.verification_id);
    const first = await c.core.startSignIn('browser');
    const second = await c.core.startSignIn('browser');
    expect(second).not.toBe(first);
    expect(c.core.snapshot().sign_in.phase).toBe('waiting_browser');
    c.core.cancelSignIn();
    expect(c.core.snapshot().sign_in.phase).toBe('idle');
  });

  it('signs in by QR: the page is shown, the sandbox phone scans, the same loopback finishes', async () => {
    const c = client({ manualBrowser: true });
    await c.core.enroll(h.tenant.verification_id);
    const qrUrl = await c.core.startSignIn('qr');
    expect(c.core.snapshot().sign_in).toMatchObject({ phase: 'waiting_qr', qr_url: qrUrl });
    const page = await fetch(qrUrl, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const config = JSON.parse(/id="qr-config"[^>]*>([^<]+)</.exec(html)![1]!) as { goto: string };
    // What the QR SDK frame does in the embedded view: load (makes the QR), then the phone scans.
    await (
      await fetch(`${h.sandboxUrl}/suite/passport/qr/frame?goto=${encodeURIComponent(config.goto)}`)
    ).text();
    const leader = h.sample('leader');
    const scan = await fetch(`${h.sandboxUrl}/sandbox/qr/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: leader.email, app_id: h.feishuApp.app_id }),
    });
    const { tmp_code } = (await scan.json()) as { tmp_code: string };
    const loopback = await followToLoopback(
      new FormBrowser(),
      `${config.goto}&tmp_code=${tmp_code}`,
    );
    expect(loopback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    expect((await fetch(loopback)).status).toBe(200);
    const s = await waitFor(c.core, (x) => x.sign_in.phase === 'signed_in');
    expect(s.profile?.name).toBe(leader.name);
  });

  it('a managed enterprise ID is locked: shown, discovered at start, never replaced', async () => {
    const c = client({
      managed: { enterpriseId: h.tenant.verification_id, controlPlaneUrl: h.baseUrl },
    });
    await c.core.start();
    const s = c.core.snapshot();
    expect(s.enrollment).toMatchObject({
      enterprise_id: h.tenant.verification_id,
      enterprise_id_locked: true,
      control_plane_url_locked: true,
      status: 'enrolled',
    });
    await expect(c.core.enroll('zzzzzzzzzzzz')).rejects.toMatchObject({ code: 'ENROLL_LOCKED' });
    await expect(c.core.resetEnrollment()).rejects.toMatchObject({ code: 'ENROLL_LOCKED' });
    await expect(c.core.setControlPlaneUrl('https://elsewhere.example.com')).rejects.toMatchObject({
      code: 'SETTING_LOCKED',
    });
  });

  it('keeps secrets per control plane and enterprise', () => {
    expect(
      secretAccount({ controlPlaneUrl: h.baseUrl, enterpriseId: 'abc', name: 'refresh-token' }),
    ).toContain(h.baseUrl);
  });
});
