// Pure helpers of the OAuth module: the redirect builder, language choice, PKCE, the authorize
// request checks, client authentication and the QR picture.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../sandbox/clock.ts';
import { authenticateClient } from '../../../sandbox/oauth/client-auth.ts';
import { parseAuthorizeRequest } from '../../../sandbox/oauth/authorize-request.ts';
import { pickLang } from '../../../sandbox/oauth/i18n.ts';
import { qrSvg } from '../../../sandbox/oauth/qr-svg.ts';
import { appendQuery } from '../../../sandbox/oauth/redirect.ts';
import { TOKEN_ERRORS } from '../../../sandbox/oauth/token-errors.ts';
import { pkceMatches } from '../../../sandbox/oauth/token-grants.ts';
import { OrgStore } from '../../../sandbox/org/org-store.ts';
import type { SandboxApp } from '../../../sandbox/org/types.ts';

function storeWithApp(patch: Partial<SandboxApp> = {}): OrgStore {
  const store = new OrgStore(new SandboxClock());
  store.addTenant({ tenantKey: 't1', name: 'T1' });
  store.addApp({
    appId: 'cli_a',
    appSecret: 's3cret',
    tenantKey: 't1',
    brand: 'feishu',
    name: 'App',
    scopes: [],
    userScopes: ['offline_access', 'contact:user.email:readonly'],
    contactRange: { kind: 'all' },
    availability: { kind: 'all' },
    redirectUrls: ['https://app.example/cb'],
    encryptKey: '',
    verificationToken: '',
    allowRefresh: true,
    enabled: true,
    ...patch,
  });
  return store;
}

describe('appendQuery', () => {
  it('adds with ? or & and keeps the fragment last', () => {
    expect(appendQuery('https://a/cb', { code: 'c', state: 's' })).toBe(
      'https://a/cb?code=c&state=s',
    );
    expect(appendQuery('https://a/cb?x=1', { code: 'c' })).toBe('https://a/cb?x=1&code=c');
    expect(appendQuery('https://a/cb?', { code: 'c' })).toBe('https://a/cb?code=c');
    expect(appendQuery('https://a/cb#/login?y', { code: 'c', state: undefined })).toBe(
      'https://a/cb?code=c#/login?y',
    );
    expect(appendQuery('https://a/cb?q=%7E', { state: 'a b' })).toBe(
      'https://a/cb?q=%7E&state=a+b',
    );
  });
});

describe('pickLang', () => {
  it('prefers ?lang, then the best-ranked known Accept-Language, then the brand', () => {
    expect(pickLang('en_us', 'zh-CN', 'feishu')).toBe('en');
    expect(pickLang(undefined, 'fr;q=1, en;q=0.5, zh;q=0.8', 'lark')).toBe('zh-CN');
    expect(pickLang(undefined, 'fr, de', 'feishu')).toBe('zh-CN');
    expect(pickLang(undefined, undefined, 'lark')).toBe('en');
    expect(pickLang('xx', 'en;q=0', 'lark')).toBe('en');
  });
});

describe('pkceMatches', () => {
  const verifier = 'v'.repeat(43);
  const s256 = createHash('sha256').update(verifier).digest('base64url');
  const grant = {
    brand: 'feishu' as const,
    flow: 'v2' as const,
    appId: 'a',
    userKey: 'u',
    redirectUri: 'r',
    scopes: [],
    authTime: 0,
  };
  it('checks S256 and plain and wants a well-formed verifier', () => {
    expect(
      pkceMatches({ ...grant, codeChallenge: s256, codeChallengeMethod: 'S256' }, verifier),
    ).toBe(true);
    expect(pkceMatches({ ...grant, codeChallenge: s256, codeChallengeMethod: 'S256' }, s256)).toBe(
      false,
    );
    expect(
      pkceMatches({ ...grant, codeChallenge: verifier, codeChallengeMethod: 'plain' }, verifier),
    ).toBe(true);
    expect(
      pkceMatches({ ...grant, codeChallenge: 'short', codeChallengeMethod: 'plain' }, 'short'),
    ).toBe(false);
    expect(pkceMatches(grant, undefined)).toBe(true);
  });
});

describe('parseAuthorizeRequest', () => {
  const base = {
    client_id: 'cli_a',
    response_type: 'code',
    redirect_uri: 'https://app.example/cb',
  };
  it('accepts a registered redirect and enabled scopes, PKCE plain by default', () => {
    const r = parseAuthorizeRequest(storeWithApp(), 'feishu', 'v2', {
      ...base,
      scope: 'offline_access  contact:user.email:readonly',
      state: 's',
      code_challenge: 'c'.repeat(43),
    });
    expect(r.ok && r.request).toMatchObject({
      scopes: ['offline_access', 'contact:user.email:readonly'],
      state: 's',
      codeChallengeMethod: 'plain',
    });
  });

  it('reads the first of repeated parameters', () => {
    const r = parseAuthorizeRequest(storeWithApp(), 'feishu', 'v2', {
      ...base,
      client_id: ['cli_a', 'cli_b'],
    });
    expect(r.ok).toBe(true);
  });

  it('maps problems to platform codes', () => {
    const code = (q: Record<string, unknown>, store = storeWithApp()) => {
      const r = parseAuthorizeRequest(store, 'feishu', 'v2', q);
      return r.ok ? 0 : r.problem.code;
    };
    expect(code({ ...base, scope: 'im:message' })).toBe(20027);
    expect(code({ ...base, redirect_uri: 'https://app.example/cb/' })).toBe(20029);
    expect(code({ ...base }, storeWithApp({ enabled: false }))).toBe(20069);
    expect(code({ ...base }, storeWithApp({ brand: 'lark' }))).toBe(20048);
    expect(code({ ...base, scope: Array.from({ length: 51 }, (_, i) => `s${i}`).join(' ') })).toBe(
      20063,
    );
    expect(code({ ...base, response_type: undefined })).toBe(20001);
  });

  it('ignores scope and PKCE on the passport flow', () => {
    const r = parseAuthorizeRequest(storeWithApp(), 'feishu', 'passport', {
      ...base,
      scope: 'im:message',
      code_challenge: 'x',
    });
    expect(r.ok && r.request.scopes).toEqual([]);
  });
});

describe('authenticateClient', () => {
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  it('takes body credentials or Basic, never both', () => {
    const store = storeWithApp();
    expect(
      authenticateClient(store, 'feishu', undefined, {
        client_id: 'cli_a',
        client_secret: 's3cret',
      }).ok,
    ).toBe(true);
    expect(authenticateClient(store, 'feishu', basic('cli_a', 's3cret'), {}).ok).toBe(true);
    expect(
      authenticateClient(store, 'feishu', basic('cli_a', 's3cret'), { client_secret: 's3cret' }),
    ).toEqual({ ok: false, code: 20070 });
    expect(authenticateClient(store, 'feishu', basic('cli_a', 'nope'), {})).toEqual({
      ok: false,
      code: 20002,
    });
    expect(authenticateClient(store, 'feishu', undefined, { client_id: 'cli_a' })).toEqual({
      ok: false,
      code: 20001,
    });
    expect(
      authenticateClient(store, 'lark', undefined, { client_id: 'cli_a', client_secret: 's3cret' }),
    ).toEqual({ ok: false, code: 20048 });
  });
});

describe('TOKEN_ERRORS', () => {
  it('uses RFC 6749 error strings and the documented statuses', () => {
    const rfc = new Set([
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
      'server_error',
      'temporarily_unavailable',
    ]);
    for (const spec of Object.values(TOKEN_ERRORS)) expect(rfc.has(spec.error)).toBe(true);
    expect(TOKEN_ERRORS[20050]).toMatchObject({ status: 500, error: 'server_error' });
    expect(TOKEN_ERRORS[20072].status).toBe(503);
  });
});

describe('qrSvg', () => {
  it('draws a stable picture per QR id with an accessible label', () => {
    const a = qrSvg('qr_1', 'QR ID: qr_1');
    expect(a).toBe(qrSvg('qr_1', 'QR ID: qr_1'));
    expect(a).not.toBe(qrSvg('qr_2', 'QR ID: qr_1'));
    expect(a).toContain('role="img" aria-label="QR ID: qr_1"');
  });
});
