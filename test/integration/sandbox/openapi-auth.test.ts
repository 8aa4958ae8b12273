import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './openapi-harness.ts';

const MIN = 60_000;
const TOKEN = '/open-apis/auth/v3/tenant_access_token/internal';
const USER = '/open-apis/contact/v3/users/find_by_department?department_id=0';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('app credentials', () => {
  it('answers flat, and hands out the same token until under 30 minutes remain', async () => {
    const app = h.addApp('cli_auth_life');
    const creds = { app_id: app.appId, app_secret: app.appSecret };
    const first = await h.call('POST', TOKEN, { body: creds });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
    expect(first.body).not.toHaveProperty('data');
    const t1 = first.body.tenant_access_token as string;
    expect(t1).toMatch(/^t-/);

    h.clock.advance(60 * MIN);
    const again = await h.call('POST', TOKEN, { body: creds });
    expect(again.body.tenant_access_token).toBe(t1);
    // Remaining seconds, floored: real time passes between the two calls too.
    expect(again.body.expire).toBeGreaterThanOrEqual(3599);
    expect(again.body.expire).toBeLessThanOrEqual(3600);

    h.clock.advance(31 * MIN);
    const renewed = await h.call('POST', TOKEN, { body: creds });
    const t2 = renewed.body.tenant_access_token as string;
    expect(t2).not.toBe(t1);
    expect(renewed.body.expire).toBe(7200);
    // The old token keeps working until it expires, then the guard refuses it.
    expect((await h.get(USER, t1)).body.code).toBe(0);
    h.clock.advance(30 * MIN);
    const expired = await h.get(USER, t1);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe(99991663);
    expect((await h.get(USER, t2)).body.code).toBe(0);
  });

  it('app_access_token/internal returns both tokens as one string', async () => {
    const app = h.addApp('cli_auth_app');
    const r = await h.call('POST', '/open-apis/auth/v3/app_access_token/internal', {
      body: { app_id: app.appId, app_secret: app.appSecret },
    });
    expect(r.body.code).toBe(0);
    expect(r.body.app_access_token).toBe(r.body.tenant_access_token);
    expect(r.body.app_access_token).toBe(await h.tokenFor(app));
  });

  it('refuses bad credentials with the chosen codes', async () => {
    const app = h.addApp('cli_auth_bad');
    const wrongSecret = await h.call('POST', TOKEN, {
      body: { app_id: app.appId, app_secret: 'nope' },
    });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body).toEqual({ code: 10014, msg: 'app secret invalid' });
    const unknown = await h.call('POST', TOKEN, {
      body: { app_id: 'cli_missing', app_secret: 'x' },
    });
    expect(unknown.body).toEqual({ code: 10003, msg: 'invalid param' });
    const missing = await h.call('POST', TOKEN, { body: { app_id: app.appId } });
    expect(missing.body.code).toBe(10003);
    const garbage = await h.call('POST', TOKEN, {
      body: undefined,
      headers: { 'content-type': 'application/json' },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.code).toBe(10003);
    // A Feishu app does not exist on the Lark platform.
    const otherBrand = await h.call('POST', `/lark${TOKEN}`, {
      body: { app_id: app.appId, app_secret: app.appSecret },
    });
    expect(otherBrand.body.code).toBe(10003);
    h.store.updateApp(app.appId, { enabled: false });
    const disabled = await h.call('POST', TOKEN, {
      body: { app_id: app.appId, app_secret: app.appSecret },
    });
    expect(disabled.body.code).toBe(10014);
  });
});

describe('token guard', () => {
  it('needs a token (99991661) and refuses invalid and user tokens (99991663)', async () => {
    const none = await h.get(USER);
    expect(none.status).toBe(400);
    expect(none.body.code).toBe(99991661);
    expect(none.body.error?.log_id).toMatch(/^\d{14}[0-9A-F]+$/);
    expect(none.headers.get('x-tt-logid')).toBeTruthy();
    expect((await h.call('GET', USER, { headers: { authorization: 'Basic abc' } })).body.code).toBe(
      99991661,
    );
    expect((await h.get(USER, 't-not-issued')).body.code).toBe(99991663);
    expect((await h.get(USER, 'u-someusertoken')).body.code).toBe(99991663);
    expect((await h.get(USER, 'eyJhbGciOiJIUzI1NiJ9.e30.x')).body.code).toBe(99991663);
    expect((await h.get(USER, 'garbage')).body.code).toBe(99991671);
  });

  it('refuses a Feishu token on the Lark prefix', async () => {
    const app = h.addApp('cli_auth_brand');
    const token = await h.tokenFor(app);
    expect((await h.get(USER, token)).body.code).toBe(0);
    const lark = await h.get(`/lark${USER}`, token);
    expect(lark.status).toBe(400);
    expect(lark.body.code).toBe(99991663);
  });

  it('serves a Lark app on /lark only', async () => {
    const app = h.addApp('cli_auth_lark', undefined, undefined, { brand: 'lark' });
    const token = await h.tokenFor(app, '/lark');
    expect((await h.get(`/lark${USER}`, token)).body.code).toBe(0);
    expect((await h.get(USER, token)).body.code).toBe(99991663);
  });
});
