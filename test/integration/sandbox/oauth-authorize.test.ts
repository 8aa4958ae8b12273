// The accounts authorize pages driven like a browser without JavaScript: request errors shown
// on a page (never redirected), sign-in errors, consent, deny, the code redirect with state and
// fragment, "Continue as" for a remembered browser, language and CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  FormClient,
  REDIRECT,
  REDIRECT_WITH_FRAGMENT,
  signInAndConsent,
  startOAuthSandbox,
  txnOf,
  type OAuthEnv,
} from './oauth-fixture.ts';

let env: OAuthEnv;
beforeAll(async () => {
  env = await startOAuthSandbox();
});
afterAll(() => env.close());

const url = (params: Record<string, string | undefined> = {}) =>
  authorizeUrl(env.base, {
    client_id: env.feishuApp.app_id,
    response_type: 'code',
    redirect_uri: REDIRECT,
    state: 'xyz',
    ...params,
  });

const loginUrl = () => `${env.base}/open-apis/authen/v1/authorize/login`;

async function page(u: string, headers: Record<string, string> = {}) {
  const res = await new FormClient().get(u, headers);
  return { res, html: await res.text() };
}

describe('authorize request errors are pages, not redirects', () => {
  const cases: [string, Record<string, string | undefined>, number][] = [
    ['a scope the app has not enabled', { scope: 'im:message' }, 20027],
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 20029],
    [
      'a redirect_uri that only starts like a registered one',
      { redirect_uri: `${REDIRECT}/x` },
      20029,
    ],
    ['an unknown app', { client_id: 'cli_0000000000000000' }, 20048],
    ['a missing client_id', { client_id: undefined }, 20001],
    ['a missing redirect_uri', { redirect_uri: undefined }, 20001],
    ['another response_type', { response_type: 'token' }, 20063],
    ['a duplicated scope', { scope: 'offline_access offline_access' }, 20067],
    ['a bad PKCE method', { code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' }, 20063],
    ['a too short code_challenge', { code_challenge: 'short' }, 20063],
  ];
  for (const [name, params, code] of cases) {
    it(`shows ${code} for ${name}`, async () => {
      const { res, html } = await page(url(params));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(html).toContain(String(code));
      expect(html).toContain('role="alert"');
    });
  }

  it('shows the Lark app as unknown on Feishu', async () => {
    const { html } = await page(url({ client_id: env.larkApp.app_id }));
    expect(html).toContain('20048');
  });

  it('accepts app_id instead of client_id', async () => {
    const { res, html } = await page(url({ client_id: undefined, app_id: env.feishuApp.app_id }));
    expect(res.status).toBe(200);
    expect(html).toContain('name="password"');
  });
});

describe('sign-in form', () => {
  async function tryLogin(account: string, password: string, lang = 'en') {
    const client = new FormClient();
    const first = await client.get(url({ lang }));
    const txn = txnOf(await first.text());
    const res = await client.post(loginUrl(), { txn, account, password });
    return { res, html: await res.text(), client };
  }

  it('says a resigned user does not exist', async () => {
    const resigned = env.sample('resigned');
    const { res, html } = await tryLogin(resigned.email, resigned.password);
    expect(res.status).toBe(400);
    expect(html).toContain('This account does not exist');
    expect(html).toContain('role="alert"');
  });

  it('tells a frozen user the account is frozen', async () => {
    const frozen = env.sample('frozen');
    const { html } = await tryLogin(frozen.email, frozen.password);
    expect(html).toContain('This account is frozen');
  });

  it('rejects a wrong password and keeps the account typed in', async () => {
    const member = env.sample('member');
    const { res, html } = await tryLogin(member.email, 'nope');
    expect(res.status).toBe(400);
    expect(html).toContain('Incorrect account or password');
    expect(html).toContain(`value="${member.email}"`);
  });

  it('signs in with a mobile number, with or without +86', async () => {
    const member = env.sample('member');
    for (const account of [member.mobile, member.mobile.replace('+86', '')]) {
      const { res } = await tryLogin(account, member.password);
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(/sbx_feishu_session=.+HttpOnly/);
    }
  });

  it('does not let another tenant without a Lark app sign in on Lark', async () => {
    const outsider = env.sample('other-tenant');
    const client = new FormClient();
    const lark = env.brandBase('lark');
    const first = await client.get(
      authorizeUrl(lark, {
        client_id: env.larkApp.app_id,
        response_type: 'code',
        redirect_uri: REDIRECT,
        lang: 'en',
      }),
    );
    const txn = txnOf(await first.text());
    const res = await client.post(`${lark}/open-apis/authen/v1/authorize/login`, {
      txn,
      account: outsider.email,
      password: outsider.password,
    });
    expect(await res.text()).toContain('This account does not exist');
  });
});

describe('consent and redirect', () => {
  it('redirects with code and state, keeping a fragment at the end', async () => {
    const member = env.sample('member');
    const { location } = await signInAndConsent(
      env.base,
      url({ redirect_uri: REDIRECT_WITH_FRAGMENT, state: 's t&1' }),
      { account: member.email, password: member.password },
    );
    expect(location).toMatch(
      /^https:\/\/gatehouse\.example\/cb\?from=sso&code=[A-Za-z0-9_-]{64,}&state=s\+t%261#\/login$/,
    );
  });

  it('redirects Deny as error=access_denied with the state', async () => {
    const member = env.sample('member');
    const { location } = await signInAndConsent(env.base, url(), {
      account: member.email,
      password: member.password,
      decision: 'deny',
    });
    expect(location).toBe(`${REDIRECT}?error=access_denied&state=xyz`);
  });

  it('lists the app name and requested scopes on the consent page', async () => {
    const member = env.sample('member');
    const client = new FormClient();
    const first = await client.get(url({ scope: 'contact:user.email:readonly', lang: 'en' }));
    const txn = txnOf(await first.text());
    const login = await client.post(loginUrl(), {
      txn,
      account: member.email,
      password: member.password,
    });
    const consent = await client.get(new URL(login.headers.get('location') ?? '', env.base).href);
    const html = await consent.text();
    expect(html).toContain(env.feishuApp.name);
    expect(html).toContain('See your email address');
    expect(html).toContain('value="deny"');
    expect(html).toContain('value="allow"');
    expect(consent.headers.get('content-security-policy')).toContain(
      "form-action 'self' https://gatehouse.example",
    );
  });

  it('does not show consent to a browser without the signed-in session', async () => {
    const member = env.sample('member');
    const client = new FormClient();
    const txn = txnOf(await (await client.get(url())).text());
    await client.post(loginUrl(), { txn, account: member.email, password: member.password });
    const stranger = new FormClient();
    const res = await stranger.post(`${env.base}/open-apis/authen/v1/authorize/consent`, {
      txn,
      decision: 'allow',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('name="password"');
  });

  it('refuses an unknown or finished transaction', async () => {
    const res = await new FormClient().post(loginUrl(), {
      txn: 'nope',
      account: 'a',
      password: 'b',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('20063');
  });
});

describe('remembered browser', () => {
  it('offers "Continue as <name>" next time, and switch account forgets the user', async () => {
    const leader = env.sample('leader');
    const { client } = await signInAndConsent(env.base, url({ lang: 'en' }), {
      account: leader.email,
      password: leader.password,
    });
    const again = await client.get(url({ lang: 'en' }));
    const html = await again.text();
    expect(html).toContain(`Continue as ${leader.en_name}`);
    expect(html).toContain('Switch account');
    expect(html).not.toContain('name="password"');

    const txn = txnOf(html);
    const cont = await client.post(`${env.base}/open-apis/authen/v1/authorize/continue`, { txn });
    expect(cont.status).toBe(303);
    const done = await client.post(`${env.base}/open-apis/authen/v1/authorize/consent`, {
      txn,
      decision: 'allow',
    });
    expect(done.headers.get('location')).toMatch(/[?&]code=/);

    const third = txnOf(await (await client.get(url())).text());
    const sw = await client.post(`${env.base}/open-apis/authen/v1/authorize/switch`, {
      txn: third,
    });
    expect(sw.status).toBe(303);
    expect(client.cookies.has('sbx_feishu_session')).toBe(false);
    const form = await client.get(new URL(sw.headers.get('location') ?? '', env.base).href);
    expect(await form.text()).toContain('name="password"');
    expect(await (await client.get(url())).text()).not.toContain('Continue as');
  });

  it('keeps Feishu and Lark sign-ins apart', async () => {
    const leader = env.sample('leader');
    const { client } = await signInAndConsent(env.base, url({ lang: 'en' }), {
      account: leader.email,
      password: leader.password,
    });
    const lark = await client.get(
      authorizeUrl(env.brandBase('lark'), {
        client_id: env.larkApp.app_id,
        response_type: 'code',
        redirect_uri: REDIRECT,
        lang: 'en',
      }),
    );
    const html = await lark.text();
    expect(html).toContain('Sign in to Lark');
    expect(html).not.toContain('Continue as');
  });
});

describe('page language and headers', () => {
  it('follows Accept-Language, and ?lang overrides it', async () => {
    const zh = await page(url({ lang: undefined }), {
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8',
    });
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.html).toContain('登录飞书');
    const en = await page(url({ lang: undefined }), { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.html).toContain('Sign in to Feishu');
    const forced = await page(url({ lang: 'en' }), { 'accept-language': 'zh-CN' });
    expect(forced.html).toContain('<html lang="en">');
  });

  it('labels every input and sends a strict CSP without scripts', async () => {
    const { res, html } = await page(url({ lang: 'en' }));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toContain('<script');
    for (const id of ['account', 'password']) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toContain(`id="${id}"`);
    }
  });
});
