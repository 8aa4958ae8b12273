// GET /open-apis/authen/v1/user_info: the data envelope, fields gated by the app's scopes,
// app-scoped open_id, tenant_key of a user from another tenant, and the token and user errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeFor,
  getJson,
  postJson,
  startOAuthSandbox,
  tokenUrl,
  type OAuthEnv,
} from './oauth-fixture.ts';
import type { WorldApp, WorldUser } from '../../../sandbox/org/world.ts';

let env: OAuthEnv;
beforeAll(async () => {
  env = await startOAuthSandbox();
});
afterAll(() => env.close());

const userInfoUrl = () => `${env.base}/open-apis/authen/v1/user_info`;

async function accessToken(user: WorldUser, app: WorldApp = env.feishuApp): Promise<string> {
  const code = await codeFor(env, { user, app });
  const res = await postJson(tokenUrl(env.brandBase(app.brand)), {
    grant_type: 'authorization_code',
    client_id: app.app_id,
    client_secret: app.app_secret,
    code,
  });
  expect(res.json.code).toBe(0);
  return String(res.json.access_token);
}

describe('user_info', () => {
  it('returns the profile in a data envelope with every field the default scopes allow', async () => {
    const member = env.sample('member');
    const user = env.userOf(member);
    const res = await getJson(userInfoUrl(), await accessToken(member));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ code: 0, msg: 'success' });
    const data = res.json.data as Record<string, string>;
    expect(data).toMatchObject({
      name: member.name,
      en_name: member.en_name,
      union_id: member.union_id,
      tenant_key: env.sandbox.world.tenantKey,
      email: member.email,
      mobile: member.mobile,
      user_id: member.user_id,
      employee_no: user.employeeNo,
    });
    expect(data.open_id).toBe(
      env.sandbox.ctx.store.openIds.openIdFor(env.feishuApp.app_id, user.key),
    );
    expect(data.open_id).toMatch(/^ou_[0-9a-f]{32}$/);
    for (const k of ['avatar_url', 'avatar_thumb', 'avatar_middle', 'avatar_big']) {
      expect(data[k]).toMatch(/^https:\/\//);
    }
  });

  it('drops fields whose scope the app has not enabled', async () => {
    const member = env.sample('member');
    const app = env.appOf(env.feishuApp);
    const saved = { scopes: app.scopes, userScopes: app.userScopes };
    app.scopes = ['contact:user.base:readonly'];
    app.userScopes = ['contact:user.base:readonly'];
    try {
      const data = (await getJson(userInfoUrl(), await accessToken(member))).json.data as Record<
        string,
        unknown
      >;
      expect(data.name).toBe(member.name);
      for (const k of ['email', 'mobile', 'user_id', 'employee_no', 'enterprise_email']) {
        expect(data).not.toHaveProperty(k);
      }
    } finally {
      Object.assign(app, saved);
    }
  });

  it('gives the same person a different open_id per app', async () => {
    const member = env.sample('member');
    const feishu = (await getJson(userInfoUrl(), await accessToken(member))).json.data as {
      open_id: string;
    };
    const lark = (
      await getJson(
        `${env.brandBase('lark')}/open-apis/authen/v1/user_info`,
        await accessToken(member, env.larkApp),
      )
    ).json.data as { open_id: string; union_id: string };
    expect(lark.open_id).not.toBe(feishu.open_id);
    expect(lark.union_id).toBe(member.union_id);
  });

  it("reports another tenant's user with that tenant's tenant_key", async () => {
    const outsider = env.sample('other-tenant');
    const data = (await getJson(userInfoUrl(), await accessToken(outsider))).json.data as {
      tenant_key: string;
    };
    expect(data.tenant_key).toBe(outsider.tenant_key);
    expect(data.tenant_key).not.toBe(env.sandbox.world.tenantKey);
  });

  it('answers token problems like the gateway: 99991661, 99991668, 99991677', async () => {
    const none = await getJson(userInfoUrl());
    expect(none.status).toBe(400);
    expect(none.json.code).toBe(99991661);
    const bad = await getJson(userInfoUrl(), 'eyJmade.up.token');
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe(99991668);
    expect(bad.json.error).toHaveProperty('log_id');
    const token = await accessToken(env.sample('ceo'));
    const onLark = await getJson(`${env.brandBase('lark')}/open-apis/authen/v1/user_info`, token);
    expect(onLark.json.code).toBe(99991668);
    env.sandbox.ctx.clock.advance(7200_000);
    const expired = await getJson(userInfoUrl(), token);
    expect(expired.status).toBe(400);
    expect(expired.json.code).toBe(99991677);
  });

  it('answers frozen (20022) and resigned (20021) users with HTTP 200', async () => {
    const sample = env.freshUser('ui');
    const user = env.userOf(sample);
    const token = await accessToken(sample);
    env.sandbox.ctx.store.updateUser(user.key, { status: { ...user.status, is_frozen: true } });
    const frozen = await getJson(userInfoUrl(), token);
    expect(frozen.status).toBe(200);
    expect(frozen.json.code).toBe(20022);
    env.sandbox.ctx.store.updateUser(user.key, { status: { ...user.status, is_frozen: false } });
    expect((await getJson(userInfoUrl(), token)).json.code).toBe(0);
    env.sandbox.ctx.store.resignUser(user.key);
    const resigned = await getJson(userInfoUrl(), token);
    expect(resigned.status).toBe(200);
    expect(resigned.json.code).toBe(20021);
  });
});
