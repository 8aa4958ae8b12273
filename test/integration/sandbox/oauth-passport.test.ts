// The legacy suite-passport endpoints and the QR login's server side: the passport sign-in,
// its form-encoded token endpoint with bare OAuth JSON, userinfo, the QR frame and poll, the
// scan control endpoint and trading a tmp_code for a code. (The browser half is in
// test/e2e/sandbox-oauth.e2e.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  codeFor,
  FormClient,
  getJson,
  postJson,
  REDIRECT,
  signInAndConsent,
  startOAuthSandbox,
  tokenUrl,
  type OAuthEnv,
} from './oauth-fixture.ts';
import type { WorldApp } from '../../../sandbox/org/world.ts';

let env: OAuthEnv;
beforeAll(async () => {
  env = await startOAuthSandbox();
});
afterAll(() => env.close());

const passport = (path: string, brand: 'feishu' | 'lark' = 'feishu') =>
  `${env.brandBase(brand)}/suite/passport/oauth/${path}`;

const gotoFor = (app: WorldApp = env.feishuApp, state = 'qr-state') =>
  authorizeUrl(
    env.brandBase(app.brand),
    { client_id: app.app_id, redirect_uri: REDIRECT, response_type: 'code', state },
    '/suite/passport/oauth/authorize',
  );

async function formToken(form: Record<string, string>, brand: 'feishu' | 'lark' = 'feishu') {
  const res = await fetch(passport('token', brand), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const creds = () => ({ client_id: env.feishuApp.app_id, client_secret: env.feishuApp.app_secret });

/** Loads the QR frame for a goto URL and returns the QR id it shows. */
async function loadQr(goto: string, brand: 'feishu' | 'lark' = 'feishu'): Promise<string> {
  const res = await fetch(
    `${env.brandBase(brand)}/suite/passport/qr/frame?goto=${encodeURIComponent(goto)}`,
  );
  expect(res.status).toBe(200);
  const m = /data-qr-id="(qr_[0-9a-f]+)"/.exec(await res.text());
  if (!m?.[1]) throw new Error('no QR on the frame page');
  return m[1];
}

const scan = (body: Record<string, unknown>) => postJson(`${env.base}/sandbox/qr/scan`, body);
const poll = (qrId: string) => getJson(`${env.base}/suite/passport/qr/poll?qr_id=${qrId}`);

describe('passport OAuth', () => {
  it('signs in without scopes and exchanges the code on the form-encoded token endpoint', async () => {
    const member = env.sample('member');
    const { location } = await signInAndConsent(env.base, gotoFor(env.feishuApp, 'p1'), {
      account: member.email,
      password: member.password,
    });
    const back = new URL(location);
    expect(back.searchParams.get('state')).toBe('p1');
    const code = back.searchParams.get('code') ?? '';
    const res = await formToken({
      grant_type: 'authorization_code',
      ...creds(),
      code,
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^u-/),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^ur-/),
      refresh_expires_in: 864000,
    });

    const info = await getJson(passport('userinfo'), String(res.json.access_token));
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      name: member.name,
      en_name: member.en_name,
      union_id: member.union_id,
      tenant_key: member.tenant_key,
      email: member.email,
      user_id: member.user_id,
      mobile: member.mobile,
    });
    expect(info.json.sub).toBe(info.json.open_id);
    expect(info.json.picture).toBe(info.json.avatar_url);

    const refreshed = await formToken({
      grant_type: 'refresh_token',
      ...creds(),
      refresh_token: String(res.json.refresh_token),
    });
    expect(refreshed.json.access_token).toMatch(/^u-/);
    const reused = await formToken({
      grant_type: 'refresh_token',
      ...creds(),
      refresh_token: String(res.json.refresh_token),
    });
    expect(reused.status).toBe(400);
    expect(reused.json).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  });

  it('answers errors as RFC 6749 bodies', async () => {
    const bad = await formToken({ grant_type: 'authorization_code', ...creds(), code: 'nope' });
    expect(bad).toEqual({
      status: 400,
      json: { error: 'invalid_grant', error_description: expect.any(String) },
    });
    const client = await formToken({
      grant_type: 'authorization_code',
      client_id: env.feishuApp.app_id,
      client_secret: 'wrong',
      code: 'x',
    });
    expect(client.json.error).toBe('invalid_client');
    const grant = await formToken({ grant_type: 'password', ...creds() });
    expect(grant.json.error).toBe('unsupported_grant_type');
    const info = await fetch(passport('userinfo'), { headers: { authorization: 'Bearer u-nope' } });
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('lets the v2 endpoint redeem a passport code, but not a passport refresh token (20026)', async () => {
    const member = env.sample('member');
    const { location } = await signInAndConsent(env.base, gotoFor(), {
      account: member.email,
      password: member.password,
    });
    const code = new URL(location).searchParams.get('code') ?? '';
    const v2 = await postJson(tokenUrl(env.base), {
      grant_type: 'authorization_code',
      ...creds(),
      code,
    });
    expect(v2.json.code).toBe(0);
    expect(String(v2.json.access_token)).toMatch(/^eyJ/);

    const p = await formToken({
      grant_type: 'authorization_code',
      ...creds(),
      code: await codeFor(env, { scope: 'offline_access' }),
    });
    const res = await postJson(tokenUrl(env.base), {
      grant_type: 'refresh_token',
      ...creds(),
      refresh_token: String(p.json.refresh_token),
    });
    expect(res.json.code).toBe(20026);
  });
});

describe('QR login, server side', () => {
  it('serves the SDK script with QRLogin, matchOrigin and matchData', async () => {
    for (const brand of ['feishu', 'lark'] as const) {
      const res = await fetch(
        `${env.brandBase(brand)}/obj/feishu-static/lark/passport/qrcode/LarkSSOSDKWebQRCode-1.0.3.js`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('javascript');
      const js = await res.text();
      expect(js).toContain('window.QRLogin');
      expect(js).toContain('matchOrigin');
      expect(js).toContain('matchData');
      expect(js).toContain(`${brand === 'lark' ? '/lark' : ''}/suite/passport/qr/frame`);
    }
  });

  it('shows an error instead of a QR for a bad goto', async () => {
    for (const goto of [
      'not a url',
      authorizeUrl(env.base, {
        client_id: env.feishuApp.app_id,
        redirect_uri: REDIRECT,
        response_type: 'code',
      }),
      authorizeUrl(
        env.base,
        {
          client_id: env.feishuApp.app_id,
          redirect_uri: 'https://evil.example/',
          response_type: 'code',
        },
        '/suite/passport/oauth/authorize',
      ),
    ]) {
      const res = await fetch(
        `${env.base}/suite/passport/qr/frame?goto=${encodeURIComponent(goto)}`,
      );
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).not.toContain('data-qr-id');
      expect(html).toContain('role="alert"');
    }
  });

  it('frames a QR page that may be embedded anywhere and only runs its own script', async () => {
    const res = await fetch(
      `${env.base}/suite/passport/qr/frame?goto=${encodeURIComponent(gotoFor())}`,
    );
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).toMatch(/<script src="\/suite\/passport\/qr\/frame\.js"><\/script>/);
  });

  it('trades a scanned QR for a tmp_code and the tmp_code for a code, once', async () => {
    const qrId = await loadQr(gotoFor());
    expect((await poll(qrId)).json).toEqual({ status: 'pending' });
    const member = env.sample('member');
    const scanned = await scan({ user: member.email, qr_id: qrId });
    expect(scanned.status).toBe(200);
    expect(scanned.json).toMatchObject({
      qr_id: qrId,
      app_id: env.feishuApp.app_id,
      brand: 'feishu',
    });
    const tmpCode = String(scanned.json.tmp_code);
    expect(await poll(qrId)).toEqual({
      status: 200,
      json: { status: 'scanned', tmp_code: tmpCode },
    });

    const goto = `${gotoFor()}&tmp_code=${tmpCode}`;
    const res = await new FormClient().get(goto);
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('qr-state');
    const token = await formToken({
      grant_type: 'authorization_code',
      ...creds(),
      code: back.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    });
    const info = await getJson(passport('userinfo'), String(token.json.access_token));
    expect(info.json.union_id).toBe(member.union_id);

    const again = await new FormClient().get(goto);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('20003');
  });

  it("refuses a tmp_code on another app's authorize URL without spending it", async () => {
    const qrId = await loadQr(gotoFor());
    const { json } = await scan({ user: env.sample('ceo').union_id, qr_id: qrId });
    const otherGoto = `${gotoFor(env.otherApp)}&tmp_code=${String(json.tmp_code)}`;
    expect((await new FormClient().get(otherGoto)).status).toBe(400);
    expect(
      (await new FormClient().get(`${gotoFor()}&tmp_code=${String(json.tmp_code)}`)).status,
    ).toBe(302);
  });

  it('scans the most recent pending QR by default, optionally of one app', async () => {
    const first = await loadQr(gotoFor());
    const otherQr = await loadQr(gotoFor(env.otherApp));
    const mine = await scan({ user: env.sample('leader').user_id, app_id: env.feishuApp.app_id });
    expect(mine.json.qr_id).toBe(first);
    const latest = await scan({ user: env.sample('other-tenant').email });
    expect(latest.json.qr_id).toBe(otherQr);
  });

  it('answers control errors as {error:{code,message}}', async () => {
    const qrId = await loadQr(gotoFor());
    const cases: [Record<string, unknown>, number, string][] = [
      [{}, 400, 'invalid_body'],
      [{ user: 'nobody@nowhere.example', qr_id: qrId }, 404, 'user_not_found'],
      [{ user: env.sample('resigned').email, qr_id: qrId }, 404, 'user_not_found'],
      [{ user: env.sample('frozen').email, qr_id: qrId }, 409, 'user_frozen'],
      [{ user: env.sample('ceo').email, qr_id: 'qr_unknown' }, 404, 'qr_not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await scan(body);
      expect(res.status).toBe(status);
      expect(res.json).toEqual({ error: { code, message: expect.any(String) } });
    }
    await scan({ user: env.sample('ceo').email, qr_id: qrId });
    expect((await scan({ user: env.sample('ceo').email, qr_id: qrId })).json).toMatchObject({
      error: { code: 'qr_already_scanned' },
    });
    const larkQr = await loadQr(gotoFor(env.larkApp), 'lark');
    expect(
      (await scan({ user: env.sample('other-tenant').email, qr_id: larkQr })).json,
    ).toMatchObject({
      error: { code: 'wrong_brand' },
    });
    expect(
      (await fetch(`${env.brandBase('lark')}/sandbox/qr/scan`, { method: 'POST' })).status,
    ).toBe(404);
  });

  it('expires QR codes after 3 minutes and tmp_codes after 5', async () => {
    const qrId = await loadQr(gotoFor());
    env.sandbox.ctx.clock.advance(3 * 60_000);
    expect((await poll(qrId)).json).toEqual({ status: 'expired' });
    expect((await scan({ user: env.sample('ceo').email, qr_id: qrId })).json).toMatchObject({
      error: { code: 'qr_expired' },
    });
    expect((await scan({ user: env.sample('ceo').email })).status).toBe(404);

    const fresh = await loadQr(gotoFor());
    const { json } = await scan({ user: env.sample('ceo').email, qr_id: fresh });
    env.sandbox.ctx.clock.advance(5 * 60_000);
    const res = await new FormClient().get(`${gotoFor()}&tmp_code=${String(json.tmp_code)}`);
    expect(res.status).toBe(400);
  });
});
