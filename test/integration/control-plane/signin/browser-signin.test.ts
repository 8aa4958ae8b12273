// The whole browser sign-in over HTTP against the sandbox: discovery, transaction, the control
// plane's authorize redirect (PKCE toward Feishu), the sandbox's sign-in and consent, the
// callback, the handoff to the loopback address and its redemption; the same through QR login.
import { describe, expect, it } from 'vitest';
import { engines } from '../../../fixtures/db.ts';
import {
  BROWSER_ACCEPT,
  browserSignIn,
  FormBrowser,
  loopbackParams,
  redeem,
  startTransaction,
} from '../../../fixtures/signin-client.ts';
import { copySandboxDirectory } from '../../../fixtures/sandbox-directory.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';

describe.each(engines)('browser sign-in ($name)', (engine) => {
  const h = useSignInHarness(engine);

  it('discovers the tenant and its enabled sources', async () => {
    const res = await fetch(
      `${h.baseUrl}/api/v1/public/discovery?enterprise_id=${h.tenant.verification_id.toUpperCase()}`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tenant: { name: h.tenant.name },
      sources: [
        {
          id: h.source.id,
          brand: 'feishu',
          name: expect.any(String),
          description: '使用飞书登录 Acme',
          qr_login: true,
        },
      ],
    });
  });

  it('signs a member in through the browser and hands the session to the loopback address', async () => {
    const member = h.sample('member');
    const txn = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: h.source.id,
    });
    expect(txn.authorize_url).toBe(
      `${h.baseUrl}/api/v1/public/login/transactions/${txn.transaction_id}/authorize`,
    );
    const browser = new FormBrowser();
    const back = await browserSignIn(browser, txn.authorize_url, h.sandboxUrl, member);
    // A browser gets the hand-over as a page that refreshes to the loopback address.
    expect(back.status).toBe(200);
    expect(back.body).toContain(
      '<meta http-equiv="refresh" content="0; url=http://127.0.0.1:53682/callback?code=',
    );
    expect(back.location!.startsWith(`${txn.redirectUri}?`)).toBe(true);
    const params = loopbackParams(back.location);
    expect(params.state).toBe(txn.state);
    expect(params.code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The authorize redirect carried PKCE toward Feishu and the one callback URL.
    const toFeishu = new URL(browser.visited[1]!);
    expect(toFeishu.origin + toFeishu.pathname).toBe(
      `${h.sandboxUrl}/open-apis/authen/v1/authorize`,
    );
    expect(toFeishu.searchParams.get('client_id')).toBe(h.feishuApp.app_id);
    expect(toFeishu.searchParams.get('redirect_uri')).toBe(
      `${h.baseUrl}/api/v1/auth/feishu/callback`,
    );
    expect(toFeishu.searchParams.get('code_challenge_method')).toBe('S256');
    expect(toFeishu.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(toFeishu.searchParams.get('state')).not.toBe(txn.state);

    const tokens = await redeem(h.baseUrl, {
      code: params.code!,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(tokens.status).toBe(200);
    const copied = h.users.get(member.union_id)!;
    expect(tokens.json).toMatchObject({
      token_type: 'Bearer',
      profile: {
        user_id: copied.id,
        open_id: copied.openId,
        union_id: member.union_id,
        name: member.name,
        tenant: { id: h.tenant.id, name: h.tenant.name },
        source: { id: h.source.id, brand: 'feishu' },
      },
    });
    expect(tokens.json.expires_in).toBeGreaterThanOrEqual(598);
    expect(tokens.json.expires_in).toBeLessThanOrEqual(600);
    expect(tokens.json.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = await fetch(`${h.baseUrl}/api/v1/session`, {
      headers: { authorization: `Bearer ${tokens.json.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { session_id: string }).session_id).toBe(tokens.json.session_id);
  });

  it('signs in through the QR page: the sandbox scan, goto + tmp_code, the passport exchange', async () => {
    const leader = h.sample('leader');
    const txn = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: h.source.id,
    });
    const page = await fetch(txn.qr_url!, {
      headers: { 'accept-language': 'zh-CN', accept: BROWSER_ACCEPT },
    });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain(`script-src 'nonce-`);
    expect(csp).toContain(h.sandboxUrl);
    expect(csp).toContain(`frame-ancestors 'none'`);
    const html = await page.text();
    expect(html).toContain('扫码登录');
    expect(html).toContain(
      `${h.sandboxUrl}/obj/feishu-static/lark/passport/qrcode/LarkSSOSDKWebQRCode-1.0.3.js`,
    );
    const config = JSON.parse(/id="qr-config"[^>]*>([^<]+)</.exec(html)![1]!) as { goto: string };
    const goto = new URL(config.goto);
    expect(goto.origin + goto.pathname).toBe(`${h.sandboxUrl}/suite/passport/oauth/authorize`);
    expect(goto.searchParams.get('redirect_uri')).toBe(`${h.baseUrl}/api/v1/auth/feishu/callback`);

    // What the SDK's frame does: show a QR (made when the frame loads), poll, post the tmp_code.
    const frame = await fetch(
      `${h.sandboxUrl}/suite/passport/qr/frame?goto=${encodeURIComponent(config.goto)}`,
    );
    expect(frame.status).toBe(200);
    const scan = await fetch(`${h.sandboxUrl}/sandbox/qr/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: leader.email, app_id: h.feishuApp.app_id }),
    });
    const { tmp_code } = (await scan.json()) as { tmp_code: string };
    const browser = new FormBrowser();
    const back = await browser.follow(
      `${config.goto}&tmp_code=${tmp_code}`,
      'http://127.0.0.1:53682',
    );
    const params = loopbackParams(back.location);
    expect(params.state).toBe(txn.state);
    const tokens = await redeem(h.baseUrl, {
      code: params.code!,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.json.profile.union_id).toBe(leader.union_id);
  });
  it('signs in through a Lark source on the Lark hosts', async () => {
    const larkApp = h.sandbox.world.apps.find(
      (a) => a.brand === 'lark' && a.tenant_key === h.sandbox.world.tenantKey,
    )!;
    const created = await h.platform.post(`/api/v1/admin/tenants/${h.tenant.id}/identity-sources`, {
      name: 'lark-source',
      description: 'Sign in with Lark',
      brand: 'lark',
      app_id: larkApp.app_id,
      app_secret: larkApp.app_secret,
      auto_sync: false,
      qr_login: false,
    });
    expect(created.statusCode).toBe(201);
    const lark = created.json() as { id: string };
    await copySandboxDirectory(h.database.db, h.sandbox.ctx.store, larkApp.app_id, lark.id);
    const txn = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: lark.id,
    });
    expect(txn.qr_url).toBeNull();
    const browser = new FormBrowser();
    const ceo = h.sample('ceo');
    const back = await browserSignIn(browser, txn.authorize_url, h.sandboxUrl, ceo);
    const toLark = new URL(browser.visited[1]!);
    expect(toLark.origin + toLark.pathname).toBe(
      `${h.sandboxUrl}/lark/open-apis/authen/v1/authorize`,
    );
    const params = loopbackParams(back.location);
    const tokens = await redeem(h.baseUrl, {
      code: params.code!,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.json.profile).toMatchObject({
      union_id: ceo.union_id,
      source: { id: lark.id, brand: 'lark' },
    });
  });
});
