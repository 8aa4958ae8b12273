// What an attacker tries against the broker: a state that was never issued or is replayed, a
// handoff code replayed or redeemed without the right PKCE verifier, redirect URIs that are not
// the client's loopback address, an expired transaction or handoff, another tenant's source.
import { describe, expect, it } from 'vitest';
import { engines } from '../../../fixtures/db.ts';
import {
  BROWSER_ACCEPT,
  browserSignIn,
  FormBrowser,
  loopbackParams,
  pkcePair,
  redeem,
  startTransaction,
  testDevice,
} from '../../../fixtures/signin-client.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';

describe.each(engines)('sign-in attacks ($name)', (engine) => {
  const h = useSignInHarness(engine);

  const begin = () =>
    startTransaction(h.baseUrl, { enterpriseId: h.tenant.verification_id, sourceId: h.source.id });
  const callbackUrl = () => `${h.baseUrl}/api/v1/auth/feishu/callback`;

  async function completed() {
    const txn = await begin();
    const back = await browserSignIn(
      new FormBrowser(),
      txn.authorize_url,
      h.sandboxUrl,
      h.sample('member'),
    );
    return { txn, code: loopbackParams(back.location).code! };
  }

  const errorCodeOfPage = (html: string) => /<code>([A-Z_]+)<\/code>/.exec(html)?.[1];

  it('shows an error page for a state it never issued', async () => {
    const res = await fetch(`${callbackUrl()}?code=abc&state=forged-state-value`, {
      headers: { 'accept-language': 'en', accept: BROWSER_ACCEPT },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(errorCodeOfPage(html)).toBe('SIGNIN_STATE_INVALID');
    expect(html).toContain('Start the sign-in again from Gatehouse');
    const none = await fetch(`${callbackUrl()}?code=abc`, { headers: { accept: BROWSER_ACCEPT } });
    expect(errorCodeOfPage(await none.text())).toBe('SIGNIN_STATE_INVALID');
    // An API caller gets the same refusal as the catalog's JSON body.
    const json = await fetch(`${callbackUrl()}?code=abc&state=forged`);
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe(
      'SIGNIN_STATE_INVALID',
    );
  });

  it('spends a state once: replaying the callback is refused', async () => {
    const txn = await begin();
    const browser = new FormBrowser();
    const toCallback = await browserSignIn(
      browser,
      txn.authorize_url,
      h.sandboxUrl,
      h.sample('member'),
      callbackUrl(),
    );
    const first = await browser.request(toCallback.location!);
    expect(loopbackParams(first.location).code).toBeDefined();
    const replay = await browser.request(toCallback.location!, {
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(replay.status).toBe(400);
    expect(errorCodeOfPage(replay.body)).toBe('SIGNIN_STATE_USED');
    expect(replay.body).toContain('该登录响应已被使用');
  });

  it('answers an API client’s callback with a plain 302 to the loopback address', async () => {
    const txn = await begin();
    const browser = new FormBrowser();
    const toCallback = await browserSignIn(
      browser,
      txn.authorize_url,
      h.sandboxUrl,
      h.sample('member'),
      callbackUrl(),
    );
    const res = await fetch(toCallback.location!, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')!.startsWith(`${txn.redirectUri}?code=`)).toBe(true);
  });

  it('redeems a handoff code once', async () => {
    const { txn, code } = await completed();
    const ok = await redeem(h.baseUrl, {
      code,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(ok.status).toBe(200);
    const again = await redeem(h.baseUrl, {
      code,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(again.status).toBe(400);
    expect(again.json.error?.code).toBe('TOKEN_HANDOFF_INVALID');
  });

  it('refuses a wrong code verifier, and the code is spent after it', async () => {
    const { txn, code } = await completed();
    const wrong = await redeem(h.baseUrl, {
      code,
      verifier: pkcePair().verifier,
      transactionId: txn.transaction_id,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error?.code).toBe('TOKEN_VERIFIER_MISMATCH');
    const right = await redeem(h.baseUrl, {
      code,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(right.json.error?.code).toBe('TOKEN_HANDOFF_INVALID');
  });

  it('refuses a handoff code with another transaction or a made-up code', async () => {
    const a = await completed();
    const b = await begin();
    const cross = await redeem(h.baseUrl, {
      code: a.code,
      verifier: a.txn.verifier,
      transactionId: b.transaction_id,
    });
    expect(cross.json.error?.code).toBe('TOKEN_HANDOFF_INVALID');
    const forged = await redeem(h.baseUrl, {
      code: 'x'.repeat(43),
      verifier: a.txn.verifier,
      transactionId: a.txn.transaction_id,
    });
    expect(forged.json.error?.code).toBe('TOKEN_HANDOFF_INVALID');
    // The real code still works: failed guesses against another code did not spend this one.
    const ok = await redeem(h.baseUrl, {
      code: a.code,
      verifier: a.txn.verifier,
      transactionId: a.txn.transaction_id,
    });
    expect(ok.status).toBe(200);
  });

  it('lets a handoff code live 60 seconds', async () => {
    const { txn, code } = await completed();
    h.clock.advance(61_000);
    const late = await redeem(h.baseUrl, {
      code,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(late.json.error?.code).toBe('TOKEN_HANDOFF_INVALID');
  });

  it.each([
    ['https', 'https://127.0.0.1:5000/callback'],
    ['a host name', 'http://localhost:5000/callback'],
    ['another loopback address', 'http://127.0.0.2:5000/callback'],
    ['a remote host', 'http://evil.example/callback'],
    ['another path', 'http://127.0.0.1:5000/cb'],
    ['a query', 'http://127.0.0.1:5000/callback?x=1'],
    ['a fragment', 'http://127.0.0.1:5000/callback#x'],
    ['credentials', 'http://user@127.0.0.1:5000/callback'],
    ['port 0', 'http://127.0.0.1:0/callback'],
    ['port 65536', 'http://127.0.0.1:65536/callback'],
    ['a trailing slash', 'http://127.0.0.1:5000/callback/'],
    ['IPv6 without brackets', 'http://::1:5000/callback'],
  ])('refuses a redirect URI with %s', async (_what, redirectUri) => {
    const { challenge } = pkcePair();
    const res = await fetch(`${h.baseUrl}/api/v1/public/login/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enterprise_id: h.tenant.verification_id,
        source_id: h.source.id,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 'client-state-0123456789',
        device: testDevice(),
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; details: { fields: { path: string }[] } };
    };
    expect(body.error.code).toBe('REQUEST_VALIDATION_FAILED');
    expect(body.error.details.fields.map((f) => f.path)).toEqual(['redirect_uri']);
  });

  it('accepts [::1] and any port', async () => {
    const txn = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: h.source.id,
      redirectUri: 'http://[::1]:65535/callback',
    });
    expect(txn.transaction_id).toBeDefined();
  });

  it('refuses a plain PKCE method and a malformed challenge', async () => {
    for (const [method, challenge] of [
      ['plain', pkcePair().challenge],
      ['S256', 'short'],
    ]) {
      const res = await fetch(`${h.baseUrl}/api/v1/public/login/transactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          enterprise_id: h.tenant.verification_id,
          source_id: h.source.id,
          redirect_uri: 'http://127.0.0.1:5000/callback',
          code_challenge: challenge,
          code_challenge_method: method,
          state: 'client-state-0123456789',
          device: testDevice(),
        }),
      });
      expect(res.status).toBe(400);
    }
  });

  it('expires a transaction after ten minutes, at the authorize page and at the callback', async () => {
    const txn = await begin();
    const browser = new FormBrowser();
    const toCallback = await browserSignIn(
      browser,
      txn.authorize_url,
      h.sandboxUrl,
      h.sample('member'),
      callbackUrl(),
    );
    h.clock.advance(10 * 60_000 + 1000);
    const late = await browser.request(toCallback.location!);
    expect(late.status).toBe(400);
    expect(errorCodeOfPage(late.body)).toBe('SIGNIN_TRANSACTION_EXPIRED');
    const reopen = await fetch(txn.authorize_url, {
      redirect: 'manual',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(reopen.status).toBe(400);
    expect(errorCodeOfPage(await reopen.text())).toBe('SIGNIN_TRANSACTION_EXPIRED');
  });

  it('answers the same 404 for an unknown or malformed enterprise ID', async () => {
    const bodies = [];
    for (const id of ['zzzzzzzzzzzz', 'not an id at all', '0000000000']) {
      const res = await fetch(
        `${h.baseUrl}/api/v1/public/discovery?enterprise_id=${encodeURIComponent(id)}`,
      );
      expect(res.status).toBe(404);
      bodies.push(await res.json());
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('refuses a source of another tenant and an unknown transaction page', async () => {
    const other = await h.platform.post('/api/v1/admin/tenants', { name: `Other ${Date.now()}` });
    const otherTenant = other.json() as { verification_id: string };
    const res = await fetch(`${h.baseUrl}/api/v1/public/login/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enterprise_id: otherTenant.verification_id,
        source_id: h.source.id,
        redirect_uri: 'http://127.0.0.1:5000/callback',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        state: 'client-state-0123456789',
        device: testDevice(),
      }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'SIGNIN_SOURCE_NOT_FOUND',
    );
    for (const path of ['00000000-0000-4000-8000-000000000000/authorize', 'not-a-uuid/qr']) {
      const page = await fetch(`${h.baseUrl}/api/v1/public/login/transactions/${path}`, {
        headers: { accept: BROWSER_ACCEPT },
      });
      expect(page.status).toBe(404);
      expect(errorCodeOfPage(await page.text())).toBe('SIGNIN_TRANSACTION_NOT_FOUND');
    }
  });

  it('caps how many states one transaction can open', async () => {
    const txn = await begin();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await fetch(txn.authorize_url, { redirect: 'manual' })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 302)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});
