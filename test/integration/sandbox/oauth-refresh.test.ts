// Refresh-token rotation on the v2 endpoint: single use, the old access token's grace minute,
// reuse detection (20073, then the family is revoked: 20064), the offline_access rule, the
// app's refresh switch (20074), expiry and the 365-day re-authorization limit (20037).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeFor,
  getJson,
  postJson,
  startOAuthSandbox,
  tokenUrl,
  type OAuthEnv,
} from './oauth-fixture.ts';

let env: OAuthEnv;
beforeAll(async () => {
  env = await startOAuthSandbox();
});
afterAll(() => env.close());

const creds = () => ({ client_id: env.feishuApp.app_id, client_secret: env.feishuApp.app_secret });
const token = (body: Record<string, unknown>) => postJson(tokenUrl(env.base), body);
const userInfo = (accessToken: string) =>
  getJson(`${env.base}/open-apis/authen/v1/user_info`, accessToken);

async function signedIn(scope = 'offline_access contact:user.base:readonly') {
  const code = await codeFor(env, { scope, user: env.sample('leader') });
  const res = await token({ grant_type: 'authorization_code', ...creds(), code });
  expect(res.json.code).toBe(0);
  return res.json as { access_token: string; refresh_token: string; scope: string };
}

const refresh = (refresh_token: string, extra: Record<string, unknown> = {}) =>
  token({ grant_type: 'refresh_token', ...creds(), refresh_token, ...extra });

describe('refresh_token grant', () => {
  it('rotates: a new pair each time, the old refresh token is single use (20073)', async () => {
    const first = await signedIn();
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({
      code: 0,
      expires_in: 7200,
      refresh_token_expires_in: 604800,
      token_type: 'Bearer',
    });
    expect(second.json.refresh_token).not.toBe(first.refresh_token);
    expect(second.json.access_token).not.toBe(first.access_token);
    expect(String(second.json.scope).split(' ')).toContain('offline_access');
    const again = await refresh(first.refresh_token);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ code: 20073, error: 'invalid_grant' });
  });

  it('revokes the family after a replay: the live refresh token then gets 20064', async () => {
    const first = await signedIn();
    const second = await refresh(first.refresh_token);
    await refresh(first.refresh_token); // replay
    const res = await refresh(String(second.json.refresh_token));
    expect(res.json).toMatchObject({ code: 20064, error: 'invalid_grant' });
    expect((await userInfo(String(second.json.access_token))).json.code).toBe(99991668);
  });

  it('keeps the old access token valid for one minute after a refresh', async () => {
    const first = await signedIn();
    const second = await refresh(first.refresh_token);
    expect((await userInfo(first.access_token)).json.code).toBe(0);
    env.sandbox.ctx.clock.advance(59_000);
    expect((await userInfo(first.access_token)).json.code).toBe(0);
    env.sandbox.ctx.clock.advance(2_000);
    expect((await userInfo(first.access_token)).json.code).toBe(99991677);
    expect((await userInfo(String(second.json.access_token))).json.code).toBe(0);
  });

  it('gives no refresh token without offline_access, nor when narrowing drops it', async () => {
    const noOffline = await codeFor(env, { scope: 'contact:user.base:readonly' });
    const res = await token({ grant_type: 'authorization_code', ...creds(), code: noOffline });
    expect(res.json.refresh_token).toBeUndefined();
    const first = await signedIn();
    const narrowed = await refresh(first.refresh_token, { scope: 'contact:user.base:readonly' });
    expect(narrowed.json.code).toBe(0);
    expect(narrowed.json.scope).toBe('contact:user.base:readonly');
    expect(narrowed.json.refresh_token).toBeUndefined();
  });

  it('refuses scopes the user did not grant (20068) and duplicates (20067)', async () => {
    const first = await signedIn();
    const wider = await refresh(first.refresh_token, { scope: 'contact:user.phone:readonly' });
    expect(wider.json.code).toBe(20068);
    const dup = await refresh(first.refresh_token, { scope: 'offline_access offline_access' });
    expect(dup.json.code).toBe(20067);
    expect((await refresh(first.refresh_token)).json.code).toBe(0);
  });

  it('honours the app switch (20074), the client (20024) and unknown tokens (20026)', async () => {
    const first = await signedIn();
    const app = env.appOf(env.feishuApp);
    app.allowRefresh = false;
    try {
      expect((await refresh(first.refresh_token)).json).toMatchObject({
        code: 20074,
        error: 'unauthorized_client',
      });
    } finally {
      app.allowRefresh = true;
    }
    const other = await token({
      grant_type: 'refresh_token',
      client_id: env.otherApp.app_id,
      client_secret: env.otherApp.app_secret,
      refresh_token: first.refresh_token,
    });
    expect(other.json.code).toBe(20024);
    expect((await refresh('eyJnot-a-token')).json.code).toBe(20026);
    expect((await refresh(first.refresh_token)).json.code).toBe(0);
  });

  it('expires refresh tokens after 7 days (20037)', async () => {
    const first = await signedIn();
    env.sandbox.ctx.clock.advance(604_800_000);
    expect((await refresh(first.refresh_token)).json).toMatchObject({
      code: 20037,
      error: 'invalid_grant',
    });
  });

  it('stops refreshing 365 days after the user authorized (20037)', async () => {
    let current = (await signedIn()).refresh_token;
    // 53 weekly refreshes reach 371 days; each refresh stays inside the token's 7 days.
    let last: { json: Record<string, unknown> } = { json: {} };
    let week = 0;
    for (; week < 53; week++) {
      env.sandbox.ctx.clock.advance(6.9 * 24 * 3600_000);
      last = await refresh(current);
      if (last.json.code !== 0) break;
      current = String(last.json.refresh_token);
    }
    expect(last.json.code).toBe(20037);
    expect(week).toBe(52); // 52 * 6.9 days < 365 <= 53 * 6.9 days
  });
});
