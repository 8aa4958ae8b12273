// Every reason the broker refuses a sign-in, each with its catalog code, both languages and the
// fix, handed back to the loopback address (or shown on a page when the loopback address is
// not known yet): frozen, resigned, outside the scope, no application permission, another
// Feishu tenant, source closed, tenant suspended, declined consent, Feishu error codes.
import { afterEach, describe, expect, it } from 'vitest';
import { errorCatalog } from '../../../../shared/domain/errors/index.ts';
import { API } from '../../../fixtures/control-plane-app.ts';
import { engines } from '../../../fixtures/db.ts';
import {
  browserSignIn,
  FormBrowser,
  loopbackParams,
  startTransaction,
  type StartedTransaction,
} from '../../../fixtures/signin-client.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';
import type { WorldUser } from '../../../../sandbox/org/world.ts';

describe.each(engines)('sign-in refusals ($name)', (engine) => {
  const h = useSignInHarness(engine);
  afterEach(async () => {
    await fetch(`${h.sandboxUrl}/sandbox/faults`, { method: 'DELETE' });
  });

  const begin = () =>
    startTransaction(h.baseUrl, { enterpriseId: h.tenant.verification_id, sourceId: h.source.id });
  const callbackPrefix = () => `${h.baseUrl}/api/v1/auth/feishu/callback`;

  /** Signs in at the sandbox and stops at the redirect to the control plane's callback. */
  async function upToCallback(txn: StartedTransaction, user: WorldUser) {
    const browser = new FormBrowser();
    const r = await browserSignIn(browser, txn.authorize_url, h.sandboxUrl, user, callbackPrefix());
    expect(r.location?.startsWith(callbackPrefix())).toBe(true);
    return { browser, callback: r.location! };
  }

  async function refusal(user: WorldUser, between?: () => Promise<void>) {
    const txn = await begin();
    const { browser, callback } = await upToCallback(txn, user);
    await between?.();
    const back = await browser.request(callback, { headers: { 'accept-language': 'zh-CN' } });
    expect(back.status).toBe(200);
    expect(back.location!.startsWith(`${txn.redirectUri}?`)).toBe(true);
    const params = loopbackParams(back.location);
    expect(params.state).toBe(txn.state);
    expect(params.code).toBeUndefined();
    return params;
  }

  const setUser = (userId: string, patch: Record<string, unknown>) =>
    h.database.db.updateTable('directory_users').set(patch).where('id', '=', userId).execute();

  it('learns the Feishu tenant_key from the first user the directory vouches for', async () => {
    const txn = await begin();
    const { browser, callback } = await upToCallback(txn, h.sample('ceo'));
    const back = await browser.request(callback);
    expect(loopbackParams(back.location).code).toBeDefined();
    const row = await h.database.db
      .selectFrom('identity_sources')
      .select('feishu_tenant_key')
      .where('id', '=', h.source.id)
      .executeTakeFirstOrThrow();
    expect(row.feishu_tenant_key).toBe(h.sandbox.world.tenantKey);
  });

  it('refuses a user frozen in the directory, in the browser’s language, with the fix', async () => {
    const member = h.sample('leader');
    const copied = h.users.get(member.union_id)!;
    await setUser(copied.id, { status: 'disabled', disabled_reason: 'frozen' });
    try {
      const p = await refusal(member);
      expect(p.error).toBe('access_denied');
      expect(p.error_code).toBe('SIGNIN_USER_FROZEN');
      expect(p.error_description).toBe(errorCatalog.SIGNIN_USER_FROZEN.message['zh-CN']);
    } finally {
      await setUser(copied.id, { status: 'active', disabled_reason: null });
    }
  });

  it('refuses a user resigned in the directory', async () => {
    const member = h.sample('leader');
    const copied = h.users.get(member.union_id)!;
    await setUser(copied.id, { status: 'disabled', disabled_reason: 'resigned' });
    try {
      expect((await refusal(member)).error_code).toBe('SIGNIN_USER_RESIGNED');
    } finally {
      await setUser(copied.id, { status: 'active', disabled_reason: null });
    }
  });

  it('refuses a user outside the source’s scope', async () => {
    const member = h.sample('leader');
    const copied = h.users.get(member.union_id)!;
    await setUser(copied.id, { status: 'disabled', disabled_reason: 'left_scope' });
    try {
      expect((await refusal(member)).error_code).toBe('SIGNIN_OUT_OF_SCOPE');
    } finally {
      await setUser(copied.id, { status: 'active', disabled_reason: null });
    }
  });

  it('refuses a user Feishu froze after the code was issued (20066)', async () => {
    const member = h.sample('member');
    const freeze = (frozen: boolean) =>
      fetch(`${h.sandboxUrl}/sandbox/users/${encodeURIComponent(member.email)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ frozen }),
      });
    try {
      const p = await refusal(member, async () => void (await freeze(true)));
      expect(p.error_code).toBe('SIGNIN_USER_FROZEN');
    } finally {
      await freeze(false);
    }
  });

  it('says "no application permissions" when the app is not available to the user (20010)', async () => {
    const member = h.sample('member');
    const ceo = h.sample('ceo');
    const availability = (body: unknown) =>
      fetch(`${h.sandboxUrl}/sandbox/apps/${h.feishuApp.app_id}/availability`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await availability({ kind: 'partial', departments: [], users: [ceo.union_id] });
    try {
      const p = await refusal(member);
      expect(p.error_code).toBe('SIGNIN_NO_APP_PERMISSION');
      expect(p.error_description).toBe('您没有该应用的使用权限。');
      expect(errorCatalog.SIGNIN_NO_APP_PERMISSION.fix.en).toMatch(/visibility scope/);
    } finally {
      await availability({ kind: 'all' });
    }
  });

  it('refuses an account of another Feishu tenant', async () => {
    const outsider = h.sample('other-tenant');
    expect((await refusal(outsider)).error_code).toBe('SIGNIN_WRONG_TENANT');
  });

  it('refuses a user Feishu offboarded after the code was issued (20008)', async () => {
    // A user of the Lark app's directory only: resigning them must not disturb other tests.
    const created = await fetch(`${h.sandboxUrl}/sandbox/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '临时工',
        email: 'temp.worker@acme.example',
        password: 'pw-temp-1',
      }),
    });
    expect(created.status).toBe(201);
    const temp = { email: 'temp.worker@acme.example', password: 'pw-temp-1' } as WorldUser;
    const p = await refusal(temp, async () => {
      const r = await fetch(`${h.sandboxUrl}/sandbox/users/temp.worker%40acme.example/resign`, {
        method: 'POST',
      });
      expect(r.status).toBe(200);
    });
    expect(p.error_code).toBe('SIGNIN_USER_NOT_FOUND');
  });

  it('maps Feishu error codes: bad app secret (20002), server errors, lost connections', async () => {
    const member = h.sample('member');
    const fault = (body: unknown) =>
      fetch(`${h.sandboxUrl}/sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          path: '/open-apis/authen/v2/oauth/token',
          times: 1,
          ...(body as object),
        }),
      });
    await fault({ kind: 'status', status: 400, code: 20002, msg: 'client secret invalid' });
    let p = await refusal(member);
    expect(p.error_code).toBe('SIGNIN_FEISHU_APP_CREDENTIALS');
    expect(p.error).toBe('server_error');

    await fault({ kind: 'status', status: 503, code: 20072, msg: 'temporarily unavailable' });
    p = await refusal(member);
    expect(p.error_code).toBe('SIGNIN_FEISHU_UNAVAILABLE');
    expect(p.error).toBe('temporarily_unavailable');

    await fault({ kind: 'drop' });
    p = await refusal(member);
    expect(p.error_code).toBe('SIGNIN_FEISHU_UNAVAILABLE');

    await fault({ kind: 'status', status: 400, code: 20999, msg: 'something new' });
    p = await refusal(member);
    expect(p.error_code).toBe('SIGNIN_FEISHU_ERROR');
    expect(p.error_description).toContain('20999');
  });

  it('maps the real platform answer to a wrong App Secret', async () => {
    const member = h.sample('member');
    const patch = (app_secret: string) =>
      h.platform.patch(`${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}`, {
        app_secret,
      });
    expect((await patch('not-the-secret-1234567890')).statusCode).toBe(200);
    try {
      expect((await refusal(member)).error_code).toBe('SIGNIN_FEISHU_APP_CREDENTIALS');
    } finally {
      await patch(h.feishuApp.app_secret);
    }
  });

  it('hands a declined consent back as SIGNIN_DENIED', async () => {
    const txn = await begin();
    const browser = new FormBrowser();
    const page = await browser.follow(txn.authorize_url);
    const sandbox = new URL(h.sandboxUrl).origin;
    const tx = /name="txn" value="([^"]+)"/.exec(page.body)![1]!;
    const member = h.sample('member');
    await browser.request(`${sandbox}/open-apis/authen/v1/authorize/login`, {
      form: { txn: tx, account: member.email, password: member.password },
    });
    const denied = await browser.request(`${sandbox}/open-apis/authen/v1/authorize/consent`, {
      form: { txn: tx, decision: 'deny' },
    });
    const back = await browser.request(denied.location!);
    const p = loopbackParams(back.location);
    expect(p).toMatchObject({
      error: 'access_denied',
      error_code: 'SIGNIN_DENIED',
      state: txn.state,
    });
  });

  it('refuses when the source is closed or the tenant suspended mid-sign-in', async () => {
    const member = h.sample('member');
    const closed = await refusal(member, async () => {
      const r = await h.platform.post(
        `${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}/close`,
        { confirm: true },
      );
      expect(r.statusCode).toBe(200);
    });
    expect(closed.error_code).toBe('SIGNIN_SOURCE_CLOSED');
    // A closed source takes no new transactions either, and discovery has nothing to offer.
    const again = await fetch(`${h.baseUrl}/api/v1/public/login/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enterprise_id: h.tenant.verification_id,
        source_id: h.source.id,
        redirect_uri: 'http://127.0.0.1:5000/callback',
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'S256',
        state: 'b'.repeat(20),
        device: { id: 'device-1234', name: 'x', os: 'y', app_version: '1' },
      }),
    });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'SIGNIN_SOURCE_CLOSED',
    );
    const discovery = await fetch(
      `${h.baseUrl}/api/v1/public/discovery?enterprise_id=${h.tenant.verification_id}`,
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(discovery.status).toBe(403);
    const body = (await discovery.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('SIGNIN_NO_SOURCE_ENABLED');
    expect(body.error.message).toBe('该企业未启用任何登录方式。');
    await h.platform.post(`${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}/enable`);

    const suspended = await refusal(member, async () => {
      const r = await h.platform.patch(`${API}/tenants/${h.tenant.id}`, { status: 'suspended' });
      expect(r.statusCode).toBe(200);
    });
    expect(suspended.error_code).toBe('TENANT_SUSPENDED');
    await h.platform.patch(`${API}/tenants/${h.tenant.id}`, { status: 'active' });
  });
});
