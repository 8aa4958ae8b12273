// The desktop client's UI in Debian's Chromium through the browser bridge, against the real
// control plane (in process, PGlite) and the sandbox: first run, an unknown enterprise ID, the
// enterprise ID, browser sign-in in a second tab, signed in with the departments shown by name
// and the avatar (served over HTTPS by a stand-in CDN, fetched by the client core), settings,
// sign-out with the keychain emptied, the QR path with the sandbox's scan, and a revocation
// arriving while signed in. Every screen is saved under test-results/screens/ in en and zh-CN.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { json } from '../../control-plane/storage/schema.ts';
import { API } from '../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../fixtures/db.ts';
import { startSignInHarness, type SignInHarness } from '../fixtures/signin-harness.ts';
import { startBridgeClient, type BridgeClient } from '../../main/bridge/start-client.ts';
import { createControlPlaneHttp } from '../../main/core/control-plane-http.ts';
import { makeTestCa, type TestCa } from '../integration/client/support/test-ca.ts';
import { InMemorySecretStore, SecretStoreError } from '../../main/core/secret-store.ts';
import { en } from '../../renderer/i18n/en.ts';
import { zhCN } from '../../renderer/i18n/zh-CN.ts';

const SCREENS = 'test-results/screens';
let database: TestDatabase;
let h: SignInHarness;
let rendererDir: string;
// The stand-in for the Feishu CDN: HTTPS with a test CA the client core is told to trust.
let ca: TestCa;
let cdn: HttpsServer;
let avatarUrl: string;
const AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rendererDir = mkdtempSync(join(tmpdir(), 'renderer-e2e-'));
  execFileSync(
    'npx',
    [
      'vite',
      'build',
      '-c',
      'vite.renderer.config.ts',
      '--outDir',
      rendererDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit' },
  );
  mkdirSync(SCREENS, { recursive: true });
  database = await engines[0]!.open();
  h = await startSignInHarness(database);
  ca = makeTestCa();
  cdn = createHttpsServer({ key: ca.serverKey, cert: ca.serverCert }, (_req, res) =>
    res.writeHead(200, { 'content-type': 'image/png' }).end(AVATAR_PNG),
  );
  await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  avatarUrl = `https://127.0.0.1:${(cdn.address() as AddressInfo).port}/v2_member~?image_size=240x240`;
  await database.db
    .updateTable('directory_users')
    .set({ profile: json({ avatar_url: avatarUrl }) })
    .where('union_id', '=', h.sample('member').union_id)
    .execute();
});
test.afterAll(async () => {
  cdn?.closeAllConnections();
  await new Promise((resolve) => (cdn ? cdn.close(resolve) : resolve(undefined)));
  ca?.cleanup();
  await h?.close();
  await database?.close();
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

const LOCALES = [
  { tag: 'en', browser: 'en-US', t: en },
  { tag: 'zh-CN', browser: 'zh-CN', t: zhCN },
] as const;

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k] ?? '');

async function feishuSignIn(page: Page, role: string) {
  const user = h.sample(role);
  await page.getByLabel(/^(Email or mobile number|邮箱或手机号)$/).fill(user.email);
  await page.getByLabel(/^(Password|密码)$/).fill(user.password);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.getByRole('button', { name: /^(Authorize|授权)$/ }).click();
  return user;
}

for (const L of LOCALES) {
  test(`client through the bridge (${L.tag}): enroll, browser sign-in, sign-out, QR, revocation`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const secrets = new InMemorySecretStore();
    const client: BridgeClient = await startBridgeClient({
      rendererDir,
      controlPlaneUrl: h.baseUrl,
      systemLocale: L.browser,
      secrets: { store: secrets, persistent: true },
      // IT's extra CA (here the stand-in CDN's) applies to the avatar fetch like to every call.
      overrides: { http: (o) => createControlPlaneHttp({ ...o, extraCaFile: ca.caFile }) },
    });
    const context: BrowserContext = await browser.newContext({
      locale: L.browser,
      viewport: { width: 960, height: 680 },
    });
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${SCREENS}/${L.tag}-${name}.png`, fullPage: true });
    try {
      const page = await context.newPage();
      await page.goto(client.bridge.url);
      // The token left the address bar at once.
      expect(page.url()).not.toContain('bridge_token');
      await expect(page.getByRole('heading', { name: L.t.enroll.title })).toBeVisible();
      await shot(page, '01-enroll');

      const idField = page.getByLabel(L.t.enroll.label);
      await idField.fill('zzzz-zzzz-zzzz');
      await page.getByRole('button', { name: L.t.enroll.submit }).click();
      await expect(page.getByRole('alert').first()).toBeVisible();
      await shot(page, '02-enroll-unknown-id');

      await idField.fill(h.tenant.verification_id.toUpperCase());
      await page.getByRole('button', { name: L.t.enroll.submit }).click();
      const browserButton = page.getByRole('button', { name: L.t.signIn.browserButton });
      await expect(browserButton).toBeVisible();
      await shot(page, '03-sign-in');

      const popup = context.waitForEvent('page');
      await browserButton.click();
      await expect(page.getByRole('heading', { name: L.t.waiting.browserTitle })).toBeVisible();
      await shot(page, '04-waiting-browser');
      const tab = await popup;
      const member = await feishuSignIn(tab, 'member');
      await tab.waitForURL((u) => u.pathname === '/callback');
      await tab.close();

      await expect(
        page.getByRole('heading', { name: fill(L.t.home.greeting, { name: member.name }) }),
      ).toBeVisible();
      await expect(page.getByText(L.t.home.departments, { exact: true })).toBeVisible();
      // Each department by its name in the sandbox's org, never by its id.
      const names = [...h.sandbox.ctx.store.departments.values()]
        .filter((d) => member.departments.includes(d.departmentId))
        .map((d) => d.name);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names)
        await expect(
          page.locator('.department-name').getByText(name, { exact: true }),
        ).toBeVisible();
      expect(client.core.snapshot().profile?.departments.every((d) => d.name !== null)).toBe(true);
      // The avatar: fetched by the core, shown as a data: URL (the page loads nothing remote).
      await expect(page.locator('img.avatar')).toHaveAttribute('src', /^data:image\/png;base64,/);
      await expect(page.getByText(L.t.connection.online).first()).toBeVisible();
      await shot(page, '05-signed-in');

      await page.getByRole('button', { name: L.t.app.settings }).click();
      await expect(page.getByRole('heading', { name: L.t.settings.title })).toBeVisible();
      await shot(page, '06-settings');
      await page.keyboard.press('Escape');

      const ref = {
        controlPlaneUrl: h.baseUrl,
        enterpriseId: h.tenant.verification_id,
        name: 'refresh-token' as const,
      };
      expect(await secrets.get(ref)).toBeTruthy();
      await page.getByRole('button', { name: L.t.home.signOut }).click();
      await expect(page.getByRole('button', { name: L.t.signIn.browserButton })).toBeVisible();
      expect(await secrets.get(ref)).toBeUndefined();
      await shot(page, '07-signed-out');

      // QR: the control plane's QR page opens in a new tab; the sandbox "phone" scans it.
      await page.getByRole('tab', { name: L.t.signIn.qrTab }).click();
      const qrPopup = context.waitForEvent('page');
      await page.getByRole('button', { name: L.t.signIn.qrButton }).click();
      const qrTab = await qrPopup;
      await expect(page.getByRole('heading', { name: L.t.waiting.qrTitle })).toBeVisible();
      await shot(page, '08-waiting-qr');
      await expect(qrTab.frameLocator('#login_container iframe').locator('body')).toBeVisible();
      await qrTab.screenshot({ path: `${SCREENS}/${L.tag}-09-qr-page.png` });
      const leader = h.sample('leader');
      let scanned = false;
      for (let i = 0; i < 50 && !scanned; i++) {
        const r = await fetch(`${h.sandboxUrl}/sandbox/qr/scan`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: leader.email, app_id: h.feishuApp.app_id }),
        });
        scanned = r.status === 200;
        if (!scanned) await new Promise((r2) => setTimeout(r2, 100));
      }
      expect(scanned).toBe(true);
      await expect(
        page.getByRole('heading', { name: fill(L.t.home.greeting, { name: leader.name }) }),
      ).toBeVisible({ timeout: 20_000 });
      await qrTab.close().catch(() => undefined);

      // An admin revokes the session: the UI shows it at once.
      const token = await client.core.session.tokens.accessToken();
      const me = await fetch(`${h.baseUrl}/api/v1/session`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { session_id } = (await me.json()) as { session_id: string };
      await h.platform.post(`${API}/tenants/${h.tenant.id}/sessions/${session_id}/revoke`, {});
      await expect(
        page.getByText(L.t.connection.revoked).or(page.getByText(L.t.error.revokedTitle)).first(),
      ).toBeVisible({
        timeout: 10_000,
      });
      await shot(page, '10-revoked');
    } finally {
      await context.close();
      await client.close();
    }
  });
}

for (const L of LOCALES) {
  test(`client through the bridge (${L.tag}): managed enterprise ID, no keychain, control plane down`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      locale: L.browser,
      viewport: { width: 960, height: 680 },
    });
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${SCREENS}/${L.tag}-${name}.png`, fullPage: true });
    // IT pinned the control plane and the enterprise ID; this machine has no Secret Service.
    const managed = await startBridgeClient({
      rendererDir,
      managed: { controlPlaneUrl: h.baseUrl, enterpriseId: h.tenant.verification_id },
      systemLocale: L.browser,
      secrets: {
        store: new InMemorySecretStore(),
        persistent: false,
        error: new SecretStoreError('KEYCHAIN_UNAVAILABLE'),
      },
    });
    try {
      const page = await context.newPage();
      await page.goto(managed.bridge.url);
      await expect(page.getByRole('button', { name: L.t.signIn.browserButton })).toBeVisible();
      await expect(page.getByText('KEYCHAIN_UNAVAILABLE').first()).toBeVisible();
      expect(managed.core.snapshot().enrollment).toMatchObject({
        enterprise_id_locked: true,
        control_plane_url_locked: true,
      });
      await shot(page, '11-managed-memory-only');
      await page.getByRole('button', { name: L.t.app.settings }).click();
      await expect(page.getByRole('heading', { name: L.t.settings.title })).toBeVisible();
      await shot(page, '12-settings-managed');
      await page.close();
    } finally {
      await managed.close();
    }

    // The control plane cannot be reached: the enrollment says so, with the code and the fix.
    const down = await startBridgeClient({
      rendererDir,
      controlPlaneUrl: 'http://127.0.0.1:9',
      systemLocale: L.browser,
      secrets: { store: new InMemorySecretStore(), persistent: true },
    });
    try {
      const page = await context.newPage();
      await page.goto(down.bridge.url);
      await page.getByLabel(L.t.enroll.label).fill(h.tenant.verification_id);
      await page.getByRole('button', { name: L.t.enroll.submit }).click();
      await expect(page.getByText('CP_UNREACHABLE').first()).toBeVisible({ timeout: 15_000 });
      await shot(page, '13-control-plane-down');
    } finally {
      await down.close();
      await context.close();
    }
  });
}
