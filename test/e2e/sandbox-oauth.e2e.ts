// The sandbox's OAuth pages and QR login in Debian's Chromium: sign-in + consent without
// JavaScript, Deny, "Continue as" with switch account, and the QR SDK on an app page served
// from another local origin (scan through the control endpoint, the page follows goto +
// tmp_code, the app's callback gets a code that the test exchanges).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { buildSandbox, type Sandbox } from '../../sandbox/server.ts';
import type { WorldApp, WorldUser } from '../../sandbox/org/world.ts';

let sandbox: Sandbox;
let base: string;
let appServer: Server;
let appBase: string;
let feishuApp: WorldApp;

const sample = (role: string): WorldUser => {
  const u = sandbox.world.sampleUsers.find((s) => s.role === role);
  if (!u) throw new Error(`no sample user ${role}`);
  return u;
};

const callback = () => `${appBase}/callback`;

// The relying party: a QR login page calling QRLogin exactly as Feishu's doc shows, and a
// callback page. It runs on its own origin so matchOrigin has something to tell apart.
function qrPage(goto: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>App login</title></head><body>
<div id="login_container"></div>
<script src="${base}/obj/feishu-static/lark/passport/qrcode/LarkSSOSDKWebQRCode-1.0.3.js"></script>
<script>
  var goto = ${JSON.stringify(goto)};
  window.qrLogin = QRLogin({ id: 'login_container', goto: goto, width: '300', height: '320', style: 'border:0' });
  window.addEventListener('message', function (event) {
    if (window.qrLogin.matchOrigin(event.origin) && window.qrLogin.matchData(event.data)) {
      window.location.href = goto + '&tmp_code=' + event.data.tmp_code;
    }
  });
</script></body></html>`;
}

test.beforeAll(async () => {
  sandbox = await buildSandbox({ org: 'tiny', rateLimits: false });
  base = await sandbox.listen();
  appServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/qr') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(qrPage(url.searchParams.get('goto') ?? ''));
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>callback</title><p id="done">callback ${url.search}</p>`);
    }
  });
  await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
  appBase = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  for (const app of sandbox.ctx.store.apps.values()) app.redirectUrls = [callback()];
  const found = sandbox.world.apps.find(
    (a) => a.brand === 'feishu' && a.tenant_key === sandbox.world.tenantKey,
  );
  if (!found) throw new Error('no Feishu app in the world');
  feishuApp = found;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => appServer.close(() => resolve()));
  await sandbox.close();
});

const authorizeUrl = (state: string) =>
  `${base}/open-apis/authen/v1/authorize?${new URLSearchParams({
    client_id: feishuApp.app_id,
    response_type: 'code',
    redirect_uri: callback(),
    scope: 'contact:user.email:readonly offline_access',
    state,
    lang: 'en',
  })}`;

async function exchange(code: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/open-apis/authen/v2/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      client_id: feishuApp.app_id,
      client_secret: feishuApp.app_secret,
      code,
      redirect_uri: callback(),
    }),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function unionIdOf(accessToken: string): Promise<string> {
  const res = await fetch(`${base}/open-apis/authen/v1/user_info`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return ((await res.json()) as { data: { union_id: string } }).data.union_id;
}

async function signIn(page: Page, user: WorldUser): Promise<void> {
  await page.getByLabel('Email or mobile number').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign-in and consent work without JavaScript and return a code', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const member = sample('member');
  await page.goto(authorizeUrl('no-js'));
  await expect(page.getByRole('heading', { name: 'Sign in to Feishu' })).toBeVisible();
  await signIn(page, member);
  await expect(
    page.getByRole('heading', { name: /wants to use your Feishu account/ }),
  ).toBeVisible();
  await expect(page.getByText('See your email address')).toBeVisible();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.waitForURL(/\/callback\?code=/);
  const url = new URL(page.url());
  expect(url.searchParams.get('state')).toBe('no-js');
  const token = await exchange(url.searchParams.get('code') ?? '');
  expect(token.code).toBe(0);
  expect(await unionIdOf(String(token.access_token))).toBe(member.union_id);
  await context.close();
});

test('shows sign-in errors on the form', async ({ page }) => {
  await page.goto(authorizeUrl('errors'));
  const resigned = sample('resigned');
  await signIn(page, resigned);
  await expect(page.getByRole('alert')).toHaveText('This account does not exist');
  await signIn(page, sample('frozen'));
  await expect(page.getByRole('alert')).toContainText('This account is frozen');
});

test('Deny sends the user back with error=access_denied', async ({ page }) => {
  await page.goto(authorizeUrl('deny-me'));
  await signIn(page, sample('leader'));
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL(/\/callback\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('error')).toBe('access_denied');
  expect(url.searchParams.get('state')).toBe('deny-me');
  expect(url.searchParams.get('code')).toBeNull();
});

test('a remembered browser offers "Continue as", and switch account signs in someone else', async ({
  page,
}) => {
  const leader = sample('leader');
  const ceo = sample('ceo');
  await page.goto(authorizeUrl('first'));
  await signIn(page, leader);
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.waitForURL(/\/callback\?code=/);

  await page.goto(authorizeUrl('second'));
  await expect(page.getByRole('button', { name: `Continue as ${leader.en_name}` })).toBeVisible();
  await page.getByRole('button', { name: 'Switch account' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  await signIn(page, ceo);
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.waitForURL(/\/callback\?code=/);
  const switched = await exchange(new URL(page.url()).searchParams.get('code') ?? '');
  expect(await unionIdOf(String(switched.access_token))).toBe(ceo.union_id);

  await page.goto(authorizeUrl('third'));
  await page.getByRole('button', { name: `Continue as ${ceo.en_name}` }).click();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.waitForURL(/state=third/);
  const again = await exchange(new URL(page.url()).searchParams.get('code') ?? '');
  expect(await unionIdOf(String(again.access_token))).toBe(ceo.union_id);
});

test('QR login: the SDK frame posts tmp_code and the page follows goto to a code', async ({
  page,
}) => {
  const goto = `${base}/suite/passport/oauth/authorize?${new URLSearchParams({
    client_id: feishuApp.app_id,
    redirect_uri: callback(),
    response_type: 'code',
    state: 'qr',
  })}`;
  await page.goto(`${appBase}/qr?goto=${encodeURIComponent(goto)}`);
  const frame = page.frameLocator('#login_container iframe');
  await expect(frame.getByText(/QR ID: qr_/)).toBeVisible();
  // The page runs in the browser; this tsconfig has no DOM types, hence globalThis + a cast.
  const matchOrigin = (origin: string) =>
    page.evaluate((o) => (globalThis as unknown as QrWindow).qrLogin.matchOrigin(o), origin);
  expect(await matchOrigin(appBase)).toBe(false);
  expect(await matchOrigin('https://passport.feishu.cn')).toBe(false);
  expect(await matchOrigin(base)).toBe(true);
  expect(await page.evaluate(() => (globalThis as unknown as QrWindow).qrLogin.matchData({}))).toBe(
    false,
  );

  const member = sample('member');
  const scan = await fetch(`${base}/sandbox/qr/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: member.email, app_id: feishuApp.app_id }),
  });
  expect(scan.status).toBe(200);
  await page.waitForURL(/\/callback\?code=/, { timeout: 15_000 });
  const url = new URL(page.url());
  expect(url.searchParams.get('state')).toBe('qr');

  const res = await fetch(`${base}/suite/passport/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: feishuApp.app_id,
      client_secret: feishuApp.app_secret,
      code: url.searchParams.get('code') ?? '',
      redirect_uri: callback(),
    }).toString(),
  });
  const token = (await res.json()) as { access_token: string };
  const info = await fetch(`${base}/suite/passport/oauth/userinfo`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  expect(((await info.json()) as { union_id: string }).union_id).toBe(member.union_id);
});

interface QrWindow {
  qrLogin: { matchOrigin(o: string): boolean; matchData(d: unknown): boolean };
}
