// The employee sign-in in Debian's Chromium, end to end: a test loopback listener on 127.0.0.1
// plays the desktop client (it receives the handoff, checks its state, redeems the code with the
// PKCE verifier and shows the "return to Gatehouse" page); the browser goes from the control
// plane's authorize URL to the sandbox's sign-in and consent pages, to the control plane's
// callback, to the listener. Then the QR page in the browser with the sandbox's scan, and a
// refusal shown to the person in the browser tab.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { pickLocale } from '../../shared/domain/locale.ts';
import { returnToAppPage, RETURN_PAGE_CSP } from '../../shared/domain/auth/return-page.ts';
import { errorCatalog, isErrorCode } from '../../shared/domain/errors/index.ts';
import type { TokenResponse } from '../../shared/domain/auth/token.ts';
import { engines, type TestDatabase } from '../fixtures/db.ts';
import { redeem, startTransaction, type StartedTransaction } from '../fixtures/signin-client.ts';
import { startSignInHarness, type SignInHarness } from '../fixtures/signin-harness.ts';

let database: TestDatabase;
let h: SignInHarness;
let listener: Server;
let loopback: string;
/** What the listener saw for the current sign-in. */
let pending: StartedTransaction | undefined;
let outcome: Promise<{ tokens?: TokenResponse; error?: string }>;
let settle: (o: { tokens?: TokenResponse; error?: string }) => void;

const expectSignIn = (txn: StartedTransaction) => {
  pending = txn;
  outcome = new Promise((resolve) => (settle = resolve));
};

test.beforeAll(async () => {
  database = await engines[0]!.open();
  h = await startSignInHarness(database);
  listener = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const locale = pickLocale(req.headers['accept-language']);
      const page = (status: number, html: string) => {
        res.writeHead(status, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': RETURN_PAGE_CSP,
        });
        res.end(html);
      };
      const txn = pending;
      if (url.pathname !== '/callback' || !txn || url.searchParams.get('state') !== txn.state)
        return page(400, returnToAppPage(locale, { ok: false }));
      pending = undefined;
      const code = url.searchParams.get('code');
      if (!code) {
        const errorCode = url.searchParams.get('error_code') ?? '';
        settle({ error: errorCode });
        const message = isErrorCode(errorCode)
          ? errorCatalog[errorCode].message[locale]
          : (url.searchParams.get('error_description') ?? undefined);
        return page(200, returnToAppPage(locale, { ok: false, code: errorCode, message }));
      }
      const r = await redeem(h.baseUrl, {
        code,
        verifier: txn.verifier,
        transactionId: txn.transaction_id,
      });
      settle(r.status === 200 ? { tokens: r.json } : { error: r.json.error?.code });
      page(200, returnToAppPage(locale, { ok: r.status === 200 }));
    })();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  loopback = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  await h?.close();
  await database?.close();
});

const begin = () =>
  startTransaction(h.baseUrl, {
    enterpriseId: h.tenant.verification_id,
    sourceId: h.source.id,
    redirectUri: loopback,
  });

/** The sandbox's sign-in and consent, whichever language the browser asked for. */
async function feishuSignIn(page: Page, role: string) {
  const user = h.sample(role);
  await page.getByLabel(/^(Email or mobile number|邮箱或手机号)$/).fill(user.email);
  await page.getByLabel(/^(Password|密码)$/).fill(user.password);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.getByRole('button', { name: /^(Authorize|授权)$/ }).click();
  return user;
}

test('browser sign-in: sandbox sign-in and consent, callback, loopback handoff redeemed', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const txn = await begin();
  expectSignIn(txn);
  await page.goto(txn.authorize_url);
  await expect(page.getByRole('heading', { name: 'Sign in to Feishu' })).toBeVisible();
  const member = await feishuSignIn(page, 'member');
  await page.waitForURL((u) => u.href.startsWith(loopback));
  await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await expect(page.getByText('return to Gatehouse')).toBeVisible();
  const { tokens } = await outcome;
  expect(tokens?.profile.union_id).toBe(member.union_id);
  // The handoff code is in the loopback URL only, never in the control plane's own pages.
  expect(new URL(page.url()).searchParams.get('state')).toBe(txn.state);
  await context.close();
});

test('QR sign-in: the control plane page embeds the SDK, a scan brings the session back', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const txn = await begin();
  expectSignIn(txn);
  await page.goto(txn.qr_url!);
  await expect(page.getByRole('heading', { name: '扫码登录' })).toBeVisible();
  const frame = page.frameLocator('#login_container iframe');
  await expect(frame.getByText(/qr_/).first()).toBeVisible();
  const leader = h.sample('leader');
  const scan = await fetch(`${h.sandboxUrl}/sandbox/qr/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: leader.email, app_id: h.feishuApp.app_id }),
  });
  expect(scan.status).toBe(200);
  await page.waitForURL((u) => u.href.startsWith(loopback), { timeout: 15_000 });
  await expect(page.getByRole('heading', { name: '登录成功' })).toBeVisible();
  const { tokens } = await outcome;
  expect(tokens?.profile.union_id).toBe(leader.union_id);
  expect(violations).toEqual([]);
  await context.close();
});

test('a refusal reaches the browser tab with its reason and the client with its code', async ({
  browser,
}) => {
  const availability = (body: unknown) =>
    fetch(`${h.sandboxUrl}/sandbox/apps/${h.feishuApp.app_id}/availability`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await availability({ kind: 'partial', departments: [], users: [h.sample('ceo').union_id] });
  try {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const txn = await begin();
    expectSignIn(txn);
    await page.goto(txn.authorize_url);
    await feishuSignIn(page, 'member');
    await page.waitForURL((u) => u.href.startsWith(loopback));
    await expect(page.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveText('You do not have application permissions.');
    expect((await outcome).error).toBe('SIGNIN_NO_APP_PERMISSION');
    await context.close();
  } finally {
    await availability({ kind: 'all' });
  }
});

test('a replayed callback shows the translated error page, not a second session', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const txn = await begin();
  expectSignIn(txn);
  let callbackUrl = '';
  page.on('request', (r) => {
    if (r.url().startsWith(`${h.baseUrl}/api/v1/auth/feishu/callback`)) callbackUrl = r.url();
  });
  await page.goto(txn.authorize_url);
  await feishuSignIn(page, 'ceo');
  await page.waitForURL((u) => u.href.startsWith(loopback));
  await outcome;
  await page.goto(callbackUrl);
  await expect(page.getByRole('heading', { name: '登录失败' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('该登录响应已被使用。');
  await expect(page.getByText('SIGNIN_STATE_USED')).toBeVisible();
  await context.close();
});
